using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.DeadLetters;

/// <summary>A redrive started as orchestrations (one per worker): their instance ids and how many letters they redrive.</summary>
public sealed record RedriveStarted(int Redriving) : RedriveReport
{
    /// <summary>The one instance of a single letter's redrive.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstanceId { get; init; }

    /// <summary>The instances of a set's redrive.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? InstanceIds { get; init; }

    public override int StatusCode => StatusCodes.Status202Accepted;
}
