namespace MicroStreams.Embedded;

/// <summary>One partition's progress: the log head, the consumer checkpoint, and the lag between them.</summary>
public sealed record PartitionView(int Partition, long Head, long Checkpoint, int ArmedTimers, DateTimeOffset? NextTimerDue)
{
    public long Lag => Head - Checkpoint;
}
