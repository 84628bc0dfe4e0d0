namespace MicroStreams.Functions.Effects;

/// <summary>Delivers one effect to its destination, always with the effect id as the idempotency key.</summary>
public interface IEffectSender
{
    Task<DeliveryResult> SendAsync(EffectMessage effect, CancellationToken cancellationToken);
}
