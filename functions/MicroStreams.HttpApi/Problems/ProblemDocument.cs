using System.Text.Json.Serialization;

namespace MicroStreams.Http.Problems;

/// <summary>An RFC 7807 problem document, with an <c>errors</c> extension naming each bad event.</summary>
public sealed record ProblemDocument(string Type, string Title, int Status, string Detail)
{
    public string? Instance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProblemError>? Errors { get; init; }
}
