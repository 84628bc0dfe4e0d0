using MicroStreams.Effects;

namespace MicroStreams.Embedded.Effects;

/// <summary>Delivers effects of one channel (<c>email</c>, <c>webhook</c>). Must treat <see cref="Effect.Id"/> as an idempotency key.</summary>
public interface IEffectSink
{
    string Channel { get; }

    Task<DeliveryResult> DeliverAsync(Effect effect, CancellationToken cancellationToken);
}
