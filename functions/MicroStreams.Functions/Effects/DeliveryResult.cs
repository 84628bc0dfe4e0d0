namespace MicroStreams.Functions.Effects;

/// <summary>
/// The outcome of the delivery activity: delivered, or refused for good (the channel's sender rejected it, or no sender
/// is registered for its channel) with the reason the dead letter carries. A transient failure is thrown instead
/// (<see cref="EffectRetryException"/>), so the orchestration's retry policy retries it.
/// </summary>
public sealed record DeliveryResult(bool Delivered, string? Detail = null);
