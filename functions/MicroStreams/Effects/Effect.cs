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
}
