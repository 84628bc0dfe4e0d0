using MicroStreams.Effects;

namespace MicroStreams.Embedded.Effects;

/// <summary>How one delivery attempt ended; a transient failure carries when the destination may be tried again, and why.</summary>
internal readonly record struct AttemptOutcome(EffectDeliveryStatus Status, DateTimeOffset RetryAt, string? Error)
{
    public static AttemptOutcome Delivered { get; } = new(EffectDeliveryStatus.Delivered, default, null);

    /// <summary>Stored as undeliverable (a dead letter): expired, or refused for good.</summary>
    public static AttemptOutcome Undeliverable { get; } = new(EffectDeliveryStatus.Rejected, default, null);

    public static AttemptOutcome RetryAfter(DateTimeOffset at, string error) => new(EffectDeliveryStatus.Retry, at, error);
}
