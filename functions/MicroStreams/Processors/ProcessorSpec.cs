using MicroStreams.Events;

namespace MicroStreams.Processors;

/// <summary>
/// What a processor is: its name, version, the event types it subscribes to, which of them start a worker,
/// and how an event's worker key is computed.
/// </summary>
public sealed record ProcessorSpec(string Name)
{
    /// <summary>Bumped when the state shape changes; the runtime refuses to mix shapes silently.</summary>
    public int Version { get; init; } = 1;

    public IReadOnlyList<string> Subscribes { get; init; } = [];

    /// <summary>Event types that may start a worker. Null means any subscribed event does.
    /// Other events for a key with no worker are ignored (the sales milestone waits for <c>user_created</c>).</summary>
    public IReadOnlyList<string>? ActivatedBy { get; init; }

    /// <summary>
    /// Computes the worker key from an event; null (the default) keys by the routing key (the user).
    /// A custom key is scoped to the event's partition (as Centrifuge keys its queues by tenant and partition),
    /// because a worker lives with the partition its events come from. Returning null skips the event.
    /// </summary>
    public Func<StreamEvent, string?>? KeyBy { get; init; }

    /// <summary>Projections (read models) this processor publishes with <see cref="ProcessorContext.Project"/>.</summary>
    public IReadOnlyList<string> Projections { get; init; } = [];

    /// <summary>
    /// Whether a handler may keep the <see cref="StreamEvent"/> object it is given after it returns (true, the default).
    /// A processor that only reads events while handling them (its state copies what it needs) sets false, and a host
    /// may then hand it one reused event object, valid during the call only, as <see cref="StreamEvent.Raw"/> always is:
    /// a replay of millions of events then allocates no event object (and no id string unless asked for) per event.
    /// The opt-in mirrors Flink's object reuse, which is off by default for the same reason.
    /// </summary>
    public bool KeepsEvents { get; init; } = true;

    /// <summary>Where the processor starts when it is deployed for the first time.</summary>
    public StartPosition StartFrom { get; init; } = StartPosition.Now;

    public bool Activates(string eventType) => ActivatedBy is null || ActivatedBy.Contains(eventType);
}
