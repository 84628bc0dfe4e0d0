namespace MicroStreams.Embedded;

/// <summary>Totals since the runtime opened, summed over partitions.</summary>
public sealed record RuntimeCounters(
    long Events,
    long Applied,
    long NotActivated,
    long IgnoredRetired,
    long Failed,
    long Parked,
    long TimersFired,
    long EffectsDecided,
    long EffectsDelivered,
    long DeliveryRetries,
    long EffectsUndeliverable,
    long DeadLetters,
    long Commits,
    long Workers);
