namespace MicroStreams.Functions.Timers;

/// <summary>
/// The durable state of one partition's clock: how far the partition's records are applied (the append time of the last
/// record of the last applied batch, or the time the partition was seen caught up), the last sequence applied, and the
/// workers waiting for their timers' due times to be reached. The horizon is also the record of every firing decided by
/// the wall clock: a replay's switch fires the rebuilt timers up to it.
/// </summary>
public sealed class PartitionClockState
{
    public DateTimeOffset Horizon { get; set; } = DateTimeOffset.MinValue;
    public long AppliedSequence { get; set; } = -1;
    public List<ClockWaiter> Waiters { get; set; } = [];
}

/// <summary>A worker entity (by its entity key) waiting until the partition's horizon reaches <paramref name="Due"/>.</summary>
public sealed record ClockWaiter(string Entity, DateTimeOffset Due);
