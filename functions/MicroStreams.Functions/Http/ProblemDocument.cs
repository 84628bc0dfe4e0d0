using System.Text.Json.Serialization;

namespace MicroStreams.Functions.Http;

/// <summary>An RFC 7807 problem document with an <c>errors</c> extension naming each bad item: the embedded host's shape, field for field.</summary>
public sealed record ProblemDocument(string Type, string Title, int Status, string Detail)
{
    public string? Instance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EventError>? Errors { get; init; }
}
