using Azure.Messaging.EventHubs;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.Events;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Bindings;

/// <summary>
/// Archive: a second consumer group copies the log to Blob storage in the shared archive format (NDJSON CloudEvents,
/// gzip, per partition and hour), history for replay beyond Event Hubs retention. Same retry stance as Route.
/// </summary>
public sealed class ArchiveFunction(ArchiveWriter writer)
{
    [Function("Archive")]
    [ExponentialBackoffRetry(-1, "00:00:01", "00:01:00")]
    public async Task RunAsync(
        [EventHubTrigger("%" + SettingNames.EventHubName + "%", Connection = SettingNames.EventHubConnection, ConsumerGroup = "%" + SettingNames.ArchiveConsumerGroup + "%")] EventData[] events,
        string partitionContext,
        CancellationToken cancellationToken)
    {
        var partition = PartitionContextReader.TryReadPartition(partitionContext)
            ?? throw new InvalidOperationException("the trigger gave no partition id (partitionContext binding data); retrying rather than guessing");
        await writer.AppendAsync(EventDataMapper.Map(events, partition), cancellationToken);
    }
}
