using MicroStreams.Functions.Effects;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MicroStreams.Functions.Bindings;

/// <summary>DeliverEffect (instance id = effect id, so it runs once) and its delivery activity, on the channel's registered sender.</summary>
public sealed class EffectFunctions(EffectDelivery delivery)
{
    [Function(nameof(DeliverEffect))]
    public static Task<DeliveryResult> DeliverEffect([OrchestrationTrigger] TaskOrchestrationContext context) =>
        DeliverEffectOrchestration.RunAsync(context, nameof(SendEffect), nameof(DeadLetterFunctions.WriteDeadLetters));

    [Function(nameof(SendEffect))]
    public Task<DeliveryResult> SendEffect([ActivityTrigger] EffectMessage effect, CancellationToken cancellationToken) =>
        delivery.DeliverAsync(effect, cancellationToken);
}
