namespace MicroStreams.Embedded.Effects;

/// <summary>The outcome of one delivery attempt.</summary>
public readonly record struct DeliveryResult(DeliveryStatus Status, string? Error = null)
{
    public static DeliveryResult Delivered { get; } = new(DeliveryStatus.Delivered);

    public static DeliveryResult Retry(string error) => new(DeliveryStatus.Retry, error);

    public static DeliveryResult Reject(string error) => new(DeliveryStatus.Rejected, error);
}
