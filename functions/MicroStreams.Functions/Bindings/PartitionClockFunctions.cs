using System.Globalization;
using Azure.Messaging.EventHubs.Producer;
using MicroStreams.Functions.Timers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace MicroStreams.Functions.Bindings;

/// <summary>The partition clock's entity trigger, and its idle check: Event Hubs' last enqueued sequence of the partition.</summary>
public sealed class PartitionClockFunctions(EventHubProducerClient producer, TimeProvider time)
{
    [Function(PartitionClockKeys.EntityName)]
    public static Task DispatchPartitionClockAsync([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<PartitionClockEntity>();

    [Function(PartitionClockEntity.CheckIdleOrchestration)]
    public static async Task CheckPartitionIdle([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var partition = context.GetInput<int>();
        var seen = await context.CallActivityAsync<ClockAdvance>(nameof(ReadPartitionEnd), partition);
        await context.Entities.SignalEntityAsync(PartitionClockKeys.For(partition), PartitionClockEntity.IdleOperation, seen);
    }

    /// <summary>The partition's last enqueued sequence, as of the time asked (read first, so a record appended since is later).</summary>
    [Function(nameof(ReadPartitionEnd))]
    public async Task<ClockAdvance> ReadPartitionEnd([ActivityTrigger] int partition, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var properties = await producer.GetPartitionPropertiesAsync(partition.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return new ClockAdvance(at, properties.IsEmpty ? -1 : properties.LastEnqueuedSequenceNumber);
    }
}
