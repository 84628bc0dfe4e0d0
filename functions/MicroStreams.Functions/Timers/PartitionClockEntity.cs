using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace MicroStreams.Functions.Timers;

/// <summary>
/// The durable entity holding one partition's clock (<see cref="PartitionClock"/>): it wakes the worker entities whose
/// timers its horizon has reached, and while some wait it looks, at their earliest due, whether the partition is idle.
/// </summary>
public sealed class PartitionClockEntity : TaskEntity<PartitionClockState>
{
    public const string AdvanceOperation = "advance";
    public const string AwaitOperation = "await";
    public const string IdleOperation = "idle";
    public const string CheckOperation = "check";
    public const string CheckIdleOrchestration = "CheckPartitionIdle";

    public void Advance(ClockAdvance advance)
    {
        ArgumentNullException.ThrowIfNull(advance);
        Wake(PartitionClock.Advance(State, advance.Horizon, advance.LastSequence));
    }

    public void Idle(ClockAdvance seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        Wake(PartitionClock.Idle(State, seen.LastSequence, seen.Horizon));
        if (State.Waiters.Count > 0)
        {
            // Still behind (a backlog): batches advance the clock; look again in a while in case they stop short of the dues.
            Context.SignalEntity(Context.Id, CheckOperation, null, new SignalEntityOptions { SignalTime = seen.Horizon + RecheckAfter });
        }
    }

    /// <summary>How long a clock still behind waits before it looks again whether its partition has gone idle.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(1);

    public void Await(ClockWaiter waiter)
    {
        var before = PartitionClock.NextCheck(State);
        Wake(PartitionClock.Await(State, waiter));
        if (PartitionClock.NextCheck(State) is { } next && next != before)
        {
            Context.SignalEntity(Context.Id, CheckOperation, null, new SignalEntityOptions { SignalTime = next });
        }
    }

    /// <summary>At a waiter's due: asks Event Hubs (through an orchestration, as entities cannot call activities) how far the partition is.</summary>
    public void Check()
    {
        if (State.Waiters.Count > 0)
        {
            Context.ScheduleNewOrchestration(CheckIdleOrchestration, int.Parse(Context.Id.Key, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    protected override PartitionClockState InitializeState(TaskEntityOperation entityOperation) => new();

    private void Wake(IReadOnlyList<ClockWaiter> waiters)
    {
        foreach (var waiter in waiters)
        {
            Context.SignalEntity(new EntityInstanceId(EntityKeys.EntityName, waiter.Entity), ProcessorEntity.WakeOperation, new TimerWake(State.Horizon));
        }
    }
}

/// <summary>A partition's progress: applied (or, for <c>idle</c>, last enqueued) up to <paramref name="LastSequence"/>, as of <paramref name="Horizon"/>.</summary>
public sealed record ClockAdvance(DateTimeOffset Horizon, long LastSequence);
