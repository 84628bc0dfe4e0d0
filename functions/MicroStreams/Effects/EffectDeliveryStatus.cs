namespace MicroStreams.Effects;

public enum EffectDeliveryStatus
{
    Delivered,

    /// <summary>A transient failure: try again after a backoff.</summary>
    Retry,

    /// <summary>The destination refused it for good: dead-letter it.</summary>
    Rejected,
}
