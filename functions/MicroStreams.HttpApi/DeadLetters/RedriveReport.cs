using System.Text.Json.Serialization;

namespace MicroStreams.Http.DeadLetters;

/// <summary>What a redrive did: <see cref="RedriveDone"/> where the host re-applies at once, <see cref="RedriveStarted"/> where it starts orchestrations.</summary>
public abstract record RedriveReport
{
    /// <summary>200 when done, 202 when started.</summary>
    [JsonIgnore]
    public abstract int StatusCode { get; }
}
