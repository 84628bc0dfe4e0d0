namespace MicroStreams.Functions.Timers;

/// <summary>
/// The partition clock's decisions, as plain code (the entity <see cref="PartitionClockEntity"/> carries them out). On
/// Azure the worker entities run concurrently with the trigger, so a scheduled tick alone cannot tell whether the records
/// appended before its due time have been applied; the clock can: the ApplyBatch orchestration advances it after each
/// batch, and when the partition is caught up (its last enqueued sequence applied) it advances to the time it looked.
/// Each operation returns the waiters to wake, with the horizon they may fire up to.
/// </summary>
public static class PartitionClock
{
    /// <summary>A batch of the partition ending at <paramref name="lastSequence"/>, appended by <paramref name="horizon"/>, is applied.</summary>
    public static IReadOnlyList<ClockWaiter> Advance(PartitionClockState state, DateTimeOffset horizon, long lastSequence)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.AppliedSequence = Math.Max(state.AppliedSequence, lastSequence);
        return MoveTo(state, horizon);
    }

    /// <summary>
    /// The partition was found at <paramref name="lastEnqueuedSequence"/> at <paramref name="at"/>: when every record up to
    /// it is applied, nothing appended before <paramref name="at"/> is waiting, so the horizon moves there.
    /// </summary>
    public static IReadOnlyList<ClockWaiter> Idle(PartitionClockState state, long lastEnqueuedSequence, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        return lastEnqueuedSequence <= state.AppliedSequence ? MoveTo(state, at) : [];
    }

    /// <summary>A worker waits for <paramref name="waiter"/>'s due: woken now when the horizon has reached it.</summary>
    public static IReadOnlyList<ClockWaiter> Await(PartitionClockState state, ClockWaiter waiter)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(waiter);
        if (waiter.Due <= state.Horizon)
        {
            return [waiter];
        }

        if (!state.Waiters.Contains(waiter))
        {
            state.Waiters.Add(waiter);
        }

        return [];
    }

    /// <summary>When the clock should next look whether the partition is idle: the earliest due it waits for.</summary>
    public static DateTimeOffset? NextCheck(PartitionClockState state) =>
        state is { Waiters.Count: > 0 } ? state.Waiters.Min(w => w.Due) : null;

    private static List<ClockWaiter> MoveTo(PartitionClockState state, DateTimeOffset horizon)
    {
        if (horizon > state.Horizon)
        {
            state.Horizon = horizon;
        }

        var woken = state.Waiters.Where(w => w.Due <= state.Horizon).ToList();
        state.Waiters.RemoveAll(w => w.Due <= state.Horizon);
        return woken;
    }
}
