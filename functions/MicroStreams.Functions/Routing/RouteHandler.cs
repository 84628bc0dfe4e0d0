using System.Diagnostics;
using Azure.Messaging.EventHubs;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Events;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Telemetry;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace MicroStreams.Functions.Routing;

/// <summary>
/// The Route function's work, free of bindings. The Event Hubs trigger checkpoints a batch whatever the outcome
/// (docs/azure-notes.md, "Event Hubs trigger checkpoints failed batches"), so this returns only once every record is either applied by its workers or in the dead-letter
/// store; anything transient throws, and the function's infinite retry policy re-invokes the same batch instead.
/// </summary>
public sealed partial class RouteHandler(
    BatchPlanner planner,
    IDeadLetterStore deadLetters,
    FunctionsSettings settings,
    TimeProvider time,
    ILogger<RouteHandler> logger,
    FunctionsMetrics? metrics = null)
{
    public const string ApplyBatchOrchestrationName = "ApplyBatch";

    public async Task<BatchPlan> HandleAsync(IReadOnlyList<EventData> events, string? partitionContext, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(client);
        if (events.Count == 0)
        {
            return new BatchPlan(0, 0, -1, [], []);
        }

        var partition = PartitionContextReader.TryReadPartition(partitionContext)
            ?? throw new InvalidOperationException("the trigger gave no partition id (partitionContext binding data); retrying rather than guessing");
        var started = Stopwatch.GetTimestamp();
        var plan = planner.Plan(EventDataMapper.Map(events, partition), time.GetUtcNow());
        var routes = new List<Activity>();
        try
        {
            await ApplyAsync(plan with { Keys = AzureTracing.StartRoutes(plan.Keys, partition, routes) }, partition, client, cancellationToken);
        }
        catch (Exception ex)
        {
            AzureTracing.End(routes, ex);
            throw;
        }

        AzureTracing.End(routes, null);
        metrics?.BatchApplied(partition, events.Count, Stopwatch.GetElapsedTime(started));
        return plan;
    }

    private async Task ApplyAsync(BatchPlan plan, int partition, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (plan.Poison.Count > 0)
        {
            await deadLetters.WriteAsync(plan.Poison, cancellationToken);
            LogPoison(logger, plan.Poison.Count, partition, plan.FirstSequence, plan.LastSequence);
        }

        if (plan.Keys.Count == 0)
        {
            return;
        }

        var instanceId = InstanceIds.ApplyBatch(settings.EventHubName, settings.RouterConsumerGroup, partition, plan.FirstSequence, plan.LastSequence);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing?.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            // A redelivered batch whose orchestration already ran: nothing to do, the workers' watermarks agree.
            LogAlreadyApplied(logger, instanceId);
            return;
        }

        if (existing is null || existing.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            var input = new ApplyBatchInput(partition, plan.FirstSequence, plan.LastSequence, plan.Keys, Horizon: plan.Horizon);
            await client.ScheduleNewOrchestrationInstanceAsync(ApplyBatchOrchestrationName, input, new StartOrchestrationOptions(instanceId), cancellationToken);
        }

        var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"ApplyBatch {instanceId} ended {done.RuntimeStatus}: {done.FailureDetails}; the batch will be retried");
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Dead-lettered {Count} unparseable records from partition {Partition} ({First}..{Last})")]
    private static partial void LogPoison(ILogger logger, int count, int partition, long first, long last);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Batch {InstanceId} was already applied; skipping")]
    private static partial void LogAlreadyApplied(ILogger logger, string instanceId);
}
