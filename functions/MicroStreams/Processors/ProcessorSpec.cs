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

    public bool Activates(string eventType) => ActivatedBy is null || ActivatedBy.Contains(eventType);
}
