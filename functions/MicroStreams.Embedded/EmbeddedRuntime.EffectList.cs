using MicroStreams.Embedded.Dashboard;

namespace MicroStreams.Embedded;

/// <summary>The dashboard's effects view: every worker's effects from the outbox, a page at a time, and the queue per destination.</summary>
public sealed partial class EmbeddedRuntime
{
    /// <summary>Effects matching <paramref name="query"/>, newest first, keyset-paged on the outbox's row id.</summary>
    public IReadOnlyList<OutboxEffect> Effects(EffectQuery query) => _store.Outbox.Reads.Page(query);

    /// <summary>Pending effects per destination (channel and target), most waiting first; read through the outbox's due index.</summary>
    public IReadOnlyList<DestinationQueue> DestinationQueues() => _store.Outbox.Reads.DestinationQueues(Time.GetUtcNow());
}
