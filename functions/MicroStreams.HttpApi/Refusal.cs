namespace MicroStreams.Http;

/// <summary>Why a port refuses a request, and the detail (and, for a bad request, the field) its problem document names.</summary>
public sealed record Refusal(RefusalKind Kind, string Detail, string Field = "$")
{
    public static Refusal Invalid(string detail, string field = "$") => new(RefusalKind.Invalid, detail, field);

    public static Refusal NotFound(string detail) => new(RefusalKind.NotFound, detail);

    public static Refusal Conflict(string detail) => new(RefusalKind.Conflict, detail);
}
