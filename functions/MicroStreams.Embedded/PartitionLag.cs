namespace MicroStreams.Embedded;

/// <summary>A partition's progress: lag in events (head minus checkpoint) and in time (age of the oldest unconsumed record).</summary>
public sealed record PartitionLag(int Partition, long Head, long Checkpoint, DateTimeOffset? OldestUnconsumedAt, TimeSpan LagTime, int ArmedTimers, DateTimeOffset? NextTimerDue)
{
    public long Lag => Head - Checkpoint;
}
