namespace MicroStreams.Archive;

/// <summary>One log record as the archive stores it: its position, when the log accepted it, and the CloudEvent bytes as appended.</summary>
public readonly record struct ArchiveRecord(int Partition, long Sequence, DateTimeOffset EnqueuedTime, ReadOnlyMemory<byte> Body);
