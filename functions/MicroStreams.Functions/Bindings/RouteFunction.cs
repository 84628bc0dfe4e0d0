using Azure.Messaging.EventHubs;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Bindings;

/// <summary>
/// Route: the router consumer group's batches, planned and applied through the ApplyBatch orchestration. Infinite
/// retries, because the trigger checkpoints after the function whether it failed or not (docs/azure-notes.md, "Event Hubs trigger checkpoints failed batches"): a
/// transient failure must stall the partition, never skip it. Poison records are dead-lettered explicitly.
/// </summary>
public sealed class RouteFunction(RouteHandler handler)
{
    [Function("Route")]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:01:00")]
    public async Task RunAsync(
        [EventHubTrigger("%" + SettingNames.EventHubName + "%", Connection = SettingNames.EventHubConnection, ConsumerGroup = "%" + SettingNames.RouterConsumerGroup + "%")] EventData[] events,
        string partitionContext,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await handler.HandleAsync(events, partitionContext, client, cancellationToken);

    [Function(RouteHandler.ApplyBatchOrchestrationName)]
    public static Task<ApplyBatchResult> ApplyBatch([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ApplyBatchOrchestration.RunAsync(context, nameof(DeadLetterFunctions.WriteDeadLetters), nameof(ProjectionWriteFunctions.WriteProjections));
}
