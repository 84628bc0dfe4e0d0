namespace MicroStreams.Functions.Effects;

/// <summary>
/// The outcome of one delivery attempt that the destination answered. Transient failures (timeouts, 5xx, 408, 429)
/// are thrown instead, so the orchestration's retry policy retries them; a refusal is final and dead-letters the effect.
/// </summary>
public sealed record DeliveryResult(bool Delivered, int StatusCode, string? Detail = null);
