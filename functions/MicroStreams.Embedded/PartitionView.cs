namespace MicroStreams.Embedded;

/// <summary>One partition's progress: the log head, the consumer checkpoint, and the lag between them. <see cref="ArmedTimers"/>
/// counts the timer entries held in memory, an upper bound (replaced timers leave the queue lazily).</summary>
public sealed record PartitionView(int Partition, long Head, long Checkpoint, int ArmedTimers, DateTimeOffset? NextTimerDue)
{
    public long Lag => Head - Checkpoint;
}
