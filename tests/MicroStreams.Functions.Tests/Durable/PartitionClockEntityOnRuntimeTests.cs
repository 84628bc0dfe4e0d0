using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using static MicroStreams.Functions.Tests.Durable.EntitiesOnRuntime;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>The partition clock entity dispatched by the SDK's entity runner, its state and scheduled checks kept by the runtime.</summary>
public sealed class PartitionClockEntityOnRuntimeTests
{
    private static readonly Microsoft.DurableTask.Entities.EntityInstanceId Clock = PartitionClockKeys.For(3);
    private readonly ManualClock _clock = new(T0);
    private readonly EntityRuntime _runtime;

    public PartitionClockEntityOnRuntimeTests() => _runtime = Start(_clock);

    [Fact]
    public async Task Advance_WhenCalledTwice_KeepsTheLaterHorizonInTheStoredState()
    {
        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.AdvanceOperation, new ClockAdvance(T0.AddMinutes(5), 50));
        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.AdvanceOperation, new ClockAdvance(T0.AddMinutes(2), 20));

        var stored = _runtime.State<PartitionClockState>(Clock)!;
        Assert.Equal((T0.AddMinutes(5), 50L), (stored.Horizon, stored.AppliedSequence));
    }

    [Fact]
    public async Task Await_WhenAWorkerWaits_SchedulesACheckAtItsDueThatAsksWhetherThePartitionIsIdle()
    {
        var due = T0.AddMinutes(10);

        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.AwaitOperation, new ClockWaiter(Alice.Key, due));
        var check = Assert.Single(_runtime.Pending);
        await _runtime.AdvanceToAsync(due);

        Assert.Equal((Clock.ToString(), PartitionClockEntity.CheckOperation, due), (check.InstanceId, check.Operation, check.Due));
        var (name, _, input) = Assert.Single(_runtime.Started);
        Assert.Equal((PartitionClockEntity.CheckIdleOrchestration, "3"), (name, input));
    }

    [Fact]
    public async Task Idle_WhenThePartitionIsCaughtUpPastTheDue_WakesTheWaiterAndForgetsIt()
    {
        var due = T0.AddMinutes(10);
        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.AwaitOperation, new ClockWaiter(Alice.Key, due));
        await _runtime.AdvanceToAsync(due);

        // CheckPartitionIdle's answer: nothing was enqueued after what was applied, as of a time past the due.
        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.IdleOperation, new ClockAdvance(due.AddSeconds(1), -1));

        var wake = Assert.Single(_runtime.Pending);
        Assert.Equal((Alice.ToString(), ProcessorEntity.WakeOperation), (wake.InstanceId, wake.Operation));
        Assert.Empty(_runtime.State<PartitionClockState>(Clock)!.Waiters);
    }

    [Fact]
    public async Task Idle_WhenRecordsAreStillUnapplied_KeepsTheWaiterAndLooksAgainAMinuteLater()
    {
        var due = T0.AddMinutes(10);
        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.AwaitOperation, new ClockWaiter(Alice.Key, due));
        await _runtime.AdvanceToAsync(due);

        await _runtime.CallAsync<object>(Clock, PartitionClockEntity.IdleOperation, new ClockAdvance(due.AddSeconds(1), 70));

        var recheck = Assert.Single(_runtime.Pending);
        Assert.Equal((PartitionClockEntity.CheckOperation, due.AddSeconds(1) + PartitionClockEntity.RecheckAfter), (recheck.Operation, recheck.Due));
        Assert.Equal(Alice.Key, Assert.Single(_runtime.State<PartitionClockState>(Clock)!.Waiters).Entity);
    }
}
