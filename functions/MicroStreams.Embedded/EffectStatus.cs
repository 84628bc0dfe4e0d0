namespace MicroStreams.Embedded;

/// <summary>Where an effect is in the outbox (the values stored in <c>outbox.status</c>).</summary>
public enum EffectStatus
{
    Pending = 0,
    Delivered = 1,
    Undeliverable = 2,
}
