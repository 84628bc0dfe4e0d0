using MicroStreams.Archive;
using MicroStreams.Functions.Events;

namespace MicroStreams.Functions.Archive;

/// <summary>Maps an Event Hubs record to the archive's record (the format itself lives in the core, shared with the embedded host).</summary>
public static class ArchiveRecords
{
    public static ArchiveRecord ToArchiveRecord(this LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ArchiveRecord(record.Partition, record.Sequence, record.EnqueuedTime, record.Body);
    }
}
