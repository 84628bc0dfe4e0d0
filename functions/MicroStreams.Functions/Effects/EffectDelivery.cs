using MicroStreams.Effects;
using MicroStreams.Functions.Telemetry;
using MicroStreams.Hosting;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Effects;

/// <summary>
/// One delivery attempt on Azure, on the senders registered with <c>AddEffectChannel</c> (<see cref="ProcessorCatalog.Senders"/>):
/// the sender of the effect's channel decides; <see cref="EffectDeliveryStatus.Retry"/> is thrown so the orchestration
/// retries with backoff within the effect's maximum age; a rejection, or a channel no sender is registered for, is a
/// refusal the orchestration dead-letters with its reason. Each attempt at an effect decided in a traced step is a
/// <c>deliver</c> span, whose <c>traceparent</c> the request carries.
/// </summary>
public sealed class EffectDelivery(ProcessorCatalog catalog, FunctionsMetrics? metrics = null, TimeProvider? time = null)
{
    public async Task<DeliveryResult> DeliverAsync(EffectMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!catalog.Senders.TryGetValue(message.Channel, out var sender))
        {
            return new DeliveryResult(false, $"no sender is registered for channel '{message.Channel}' (AddEffectChannel)");
        }

        using var deliver = AzureTracing.StartDeliver(message);
        var effect = ToEffect(message);
        var result = await sender.SendAsync(deliver is null ? effect : effect with { TraceParent = deliver.Id }, cancellationToken).ConfigureAwait(false);
        AzureTracing.SetOutcome(deliver, result);
        if (result.Status == EffectDeliveryStatus.Delivered && message.IngestedAt is { } ingestedAt && metrics is not null)
        {
            metrics.EffectDelivered(message.Channel, (time ?? TimeProvider.System).GetUtcNow() - ingestedAt);
        }

        return result.Status switch
        {
            EffectDeliveryStatus.Delivered => new DeliveryResult(true),
            EffectDeliveryStatus.Retry => throw new EffectRetryException($"the '{message.Channel}' sender failed transiently: {result.Error ?? "no detail"}"),
            _ => new DeliveryResult(false, result.Error ?? $"the '{message.Channel}' sender rejected the effect"),
        };
    }

    public static Effect ToEffect(EffectMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Effect(message.Id, new WorkerId(message.Processor, message.Key), message.Channel, message.Target, message.Payload, message.CreatedAt)
        {
            MaxAge = message.MaxAge,
            TraceParent = message.TraceParent,
            IngestedAt = message.IngestedAt,
        };
    }
}
