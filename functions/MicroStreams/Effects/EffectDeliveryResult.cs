namespace MicroStreams.Effects;

/// <summary>The outcome of one delivery attempt, as an <see cref="IEffectSender"/> reports it.</summary>
public readonly record struct EffectDeliveryResult(EffectDeliveryStatus Status, string? Error = null)
{
    public static EffectDeliveryResult Delivered { get; } = new(EffectDeliveryStatus.Delivered);

    /// <summary>A transient failure (timeout, 5xx, 429): the host tries again after a backoff.</summary>
    public static EffectDeliveryResult Retry(string error) => new(EffectDeliveryStatus.Retry, error);

    /// <summary>The destination refused it for good: the host dead-letters it with <paramref name="error"/> as the reason.</summary>
    public static EffectDeliveryResult Reject(string error) => new(EffectDeliveryStatus.Rejected, error);
}
