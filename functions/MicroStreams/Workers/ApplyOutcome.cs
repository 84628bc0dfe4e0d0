namespace MicroStreams.Workers;

/// <summary>What became of one event or timer offered to a worker. Expected outcomes are values, not exceptions.</summary>
public enum ApplyOutcome
{
    /// <summary>The handler ran and its decisions were applied.</summary>
    Applied,

    /// <summary>No worker exists for the key and this event type does not start one.</summary>
    NotActivated,

    /// <summary>The worker retired; the event is ignored.</summary>
    Retired,

    /// <summary>The worker is quarantined; the host parks the event in the dead-letter store, in order.</summary>
    Parked,

    /// <summary>The worker already applied this position (a redelivered batch).</summary>
    Duplicate,

    /// <summary>The handler threw on every attempt; the host dead-letters the event and the worker is now quarantined.</summary>
    Failed,

    /// <summary>A timer firing whose token no longer matches (cancelled or replaced).</summary>
    Stale,

    /// <summary>A timer firing that arrived before its due time; the host re-arms it.</summary>
    Early,

    /// <summary>A timer firing that arrived before every record appended by its due time was applied; the host fires it
    /// once they are (the timer rule, docs/timers.md).</summary>
    Deferred,
}
