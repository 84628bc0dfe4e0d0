namespace MicroStreams.Http;

/// <summary>The kinds of <see cref="Refusal"/>: 400, 404 and 409.</summary>
public enum RefusalKind
{
    Invalid = 0,
    NotFound = 1,
    Conflict = 2,
}
