namespace MicroStreams.Embedded.Dashboard;

/// <summary>What became of an event at one worker it was routed to, as far as the worker's record and the dead letters tell.</summary>
public enum ReachOutcome
{
    /// <summary>The partition's consumer has not reached the event yet.</summary>
    Pending,

    /// <summary>The worker's handler ran on it.</summary>
    Applied,

    /// <summary>The worker had retired; the event was ignored.</summary>
    Ignored,

    /// <summary>No worker existed for the key and the event type does not start one.</summary>
    NotActivated,

    /// <summary>The worker was quarantined; the event waits in the dead-letter store to be redriven.</summary>
    Parked,

    /// <summary>The handler threw on every attempt; the event is a dead letter and the worker is quarantined.</summary>
    DeadLettered,
}
