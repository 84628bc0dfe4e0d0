namespace MicroStreams.Effects;

/// <summary>
/// Delivers the effects of one channel (<c>webhook</c>, <c>email</c>, a queue of your own). Register one per channel with
/// <see cref="Hosting.IMicroStreamsBuilder.AddEffectChannel"/>; the host's delivery engine calls it with retries and
/// backoff, bounded by the effect's maximum age, and dead-letters what it cannot deliver. An effect may be sent more
/// than once: pass <see cref="Effect.Id"/> to the destination as its idempotency key.
/// </summary>
public interface IEffectSender
{
    /// <summary>The channel this sender delivers, as processors name it in <c>context.Send(channel, ...)</c>.</summary>
    string Channel { get; }

    /// <summary>One delivery attempt. Return <see cref="EffectDeliveryResult.Retry"/> for a transient failure rather than throwing.</summary>
    Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken);
}
