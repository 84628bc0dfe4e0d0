using MicroStreams.Workers;

namespace MicroStreams.Effects;

/// <summary>
/// A side effect a processor decided on (an email, a webhook call). It is delivered at least once by the host,
/// always with <see cref="Id"/> as the idempotency key, so the receiver sees it once.
/// </summary>
public sealed record Effect(
    string Id,
    WorkerId Worker,
    string Channel,
    string Target,
    string Payload,
    DateTimeOffset CreatedAt)
{
    /// <summary>How long delivery may keep retrying before the effect goes to the dead-letter store; null retries for as long as the host's default allows.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the step that decided it, when that step was traced: its delivery continues the trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When the log accepted the event it was decided on (null for a timer's effects), for the ingest-to-effect latency.</summary>
    public DateTimeOffset? IngestedAt { get; init; }
}
