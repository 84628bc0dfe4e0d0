namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    // The outbox calls the delivery loop (Effects/EffectDelivery) makes, kept here so that loop builds unchanged while it
    // moves to the core IEffectSender in another change; they belong to Outbox.
    public List<OutboxEntry> DueEffects(DateTimeOffset now, int limit) => Outbox.Due(now, limit);

    public DateTimeOffset? NextEffectDue() => Outbox.NextDue();

    public void MarkDelivered(IReadOnlyList<string> ids, DateTimeOffset now) => Outbox.MarkDelivered(ids, now);

    public void BackOff(OutboxEntry failed, string error, DateTimeOffset until) => Outbox.BackOff(failed, error, until);

    public void MarkUndeliverable(OutboxEntry entry, string reason, DateTimeOffset now) => Outbox.MarkUndeliverable(entry, reason, now);
}
