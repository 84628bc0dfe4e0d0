using Azure.Messaging.EventHubs;

namespace MicroStreams.Functions.Events;

/// <summary>Maps the trigger's <see cref="EventData"/> to <see cref="LogRecord"/>; the partition id comes from the trigger's partition context.</summary>
public static class EventDataMapper
{
    public static LogRecord Map(EventData data, int partition)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new LogRecord(
            partition,
            data.SequenceNumber,
            data.OffsetString,
            data.EnqueuedTime,
            data.PartitionKey,
            data.EventBody is null ? ReadOnlyMemory<byte>.Empty : data.EventBody.ToMemory(),
            data.Properties is null ? new Dictionary<string, object>() : new Dictionary<string, object>(data.Properties, StringComparer.Ordinal));
    }

    public static IReadOnlyList<LogRecord> Map(IReadOnlyList<EventData> batch, int partition)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = new LogRecord[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            records[i] = Map(batch[i], partition);
        }

        return records;
    }
}
