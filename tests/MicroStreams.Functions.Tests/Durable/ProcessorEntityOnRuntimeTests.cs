using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using MicroStreams.Workers;
using static MicroStreams.Functions.Tests.Durable.EntitiesOnRuntime;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// The worker entity dispatched by the Durable Task SDK's entity runner, with its state stored and reloaded by the
/// runtime between batches and its timer ticks delivered as the scheduled self-signals it sends.
/// </summary>
public sealed class ProcessorEntityOnRuntimeTests
{
    private readonly ManualClock _clock = new(T0);
    private readonly EntityRuntime _runtime;

    public ProcessorEntityOnRuntimeTests() => _runtime = Start(_clock);

    private Task<ApplyReport?> ApplyAsync(params LogEvent[] events) => ApplyAsync(new ApplyRequest(events));

    private Task<ApplyReport?> ApplyAsync(ApplyRequest request) => _runtime.CallAsync<ApplyReport>(Alice, ProcessorEntity.ApplyOperation, request);

    private static LogEvent[] FirstBatch() =>
    [
        Log(0, 1, "user_created", "alice", "{\"email\":\"a@example.com\"}"),
        Log(0, 2, "item", "alice"),
        Log(0, 3, "item", "alice"),
        Log(0, 4, "item", "alice"),
    ];

    [Fact]
    public async Task Apply_WhenTheSameBatchComesAgain_FindsItInTheStateTheRuntimeStoredAndAppliesNothing()
    {
        var first = await ApplyAsync(FirstBatch());

        var again = await ApplyAsync(FirstBatch());

        Assert.All(first!.Outcomes, o => Assert.Equal(ApplyOutcome.Applied, o.Outcome));
        Assert.All(again!.Outcomes, o => Assert.Equal(ApplyOutcome.Duplicate, o.Outcome));
        var stored = _runtime.State<ProcessorEntityState>(Alice)!;
        Assert.Equal(4, stored.EventsApplied);
        Assert.Equal(3, stored.State!.Value.GetProperty("count").GetInt32());
        Assert.Equal(4, Assert.Single(first.Projections).Sequence); // rows come back to the caller, not written by the entity
    }

    [Fact]
    public async Task Apply_WhenTheThirdItemSendsAnEffect_StartsDeliverEffectOnceUnderTheEffectsId()
    {
        await ApplyAsync(FirstBatch());
        await ApplyAsync(FirstBatch());

        var (name, instance, input) = Assert.Single(_runtime.Started);
        Assert.Equal(nameof(EffectFunctions.DeliverEffect), name);
        Assert.StartsWith("ef_", instance[instance.IndexOf("ef_", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("a@example.com", input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WhenTheActivatingEventSetsATimer_SchedulesATickSignalToItselfAtTheDue()
    {
        await ApplyAsync(Log(0, 1, "user_created", "alice"));

        var tick = Assert.Single(_runtime.Pending);
        var timer = _runtime.State<ProcessorEntityState>(Alice)!.Timers!["reminder"];
        Assert.Equal((Alice.ToString(), ProcessorEntity.TickOperation, timer.Due), (tick.InstanceId, tick.Operation, tick.Due));
        Assert.Equal(T0.AddDays(1), timer.Due);
    }

    [Fact]
    public async Task Tick_WhenTheBatchHorizonAlreadyFiredTheTimer_IsStaleWhenItsScheduledSignalArrives()
    {
        // The batch's horizon (its last record's append time) is past the due: the timer fires after the batch's events.
        var report = await ApplyAsync(new ApplyRequest([Log(0, 1, "user_created", "alice")], Horizon: T0.AddDays(2)));
        var scheduled = Assert.Single(_runtime.Pending);

        var delivered = await _runtime.AdvanceToAsync(T0.AddDays(1).AddMinutes(1));

        Assert.Equal(ProcessorEntity.TickOperation, scheduled.Operation);
        Assert.Equal(1, delivered);
        Assert.Single(report!.Projections); // the timer's row, written by the caller
        var stored = _runtime.State<ProcessorEntityState>(Alice)!;
        Assert.Equal(1, stored.TimersFired);
        Assert.Empty(stored.Timers ?? []);
        Assert.Equal(nameof(EffectFunctions.DeliverEffect), Assert.Single(_runtime.Started).Name);
        Assert.Empty(_runtime.Pending);
    }

    [Fact]
    public async Task Tick_WhenThePartitionIsBehindTheDue_WaitsOnThePartitionClockWhichWakesItWhenABatchPassesTheDue()
    {
        await ApplyAsync(Log(0, 1, "user_created", "alice"));
        var due = T0.AddDays(1);

        await _runtime.AdvanceToAsync(due.AddSeconds(1));
        var waiting = _runtime.State<ProcessorEntityState>(Alice)!;
        var clockWaiting = _runtime.State<PartitionClockState>(PartitionClockKeys.For(0))!;
        _runtime.Signal(PartitionClockKeys.For(0), PartitionClockEntity.AdvanceOperation, new ClockAdvance(due.AddSeconds(5), 40));
        await _runtime.AdvanceToAsync(due.AddSeconds(2));

        Assert.Equal(0, waiting.TimersFired);
        Assert.Equal(Alice.Key, Assert.Single(clockWaiting.Waiters).Entity);
        Assert.Contains(_runtime.Started, s => s.Name == PartitionClockEntity.CheckIdleOrchestration); // at the due, it asks whether the partition is idle
        Assert.Equal(1, _runtime.State<ProcessorEntityState>(Alice)!.TimersFired);
        Assert.Empty(_runtime.State<PartitionClockState>(PartitionClockKeys.For(0))!.Waiters);
        Assert.Contains(_runtime.Started, s => s.Name == nameof(EffectFunctions.DeliverEffect));
        Assert.Contains(_runtime.Started, s => s.Name == nameof(ProjectionWriteFunctions.WriteProjectionRows)); // a wake has no caller to write its row
    }

    [Fact]
    public async Task Apply_WhenAnEventIsPoison_QuarantinesAndARedriveWithReleaseAppliesTheParkedEvent()
    {
        var refused = await ApplyAsync(Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice", "{\"fail\":true}"), Log(0, 3, "item", "alice"));
        var quarantined = _runtime.State<ProcessorEntityState>(Alice)!;

        var redriven = await ApplyAsync(new ApplyRequest([Log(0, 3, "item", "alice")], Release: true));

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Failed, ApplyOutcome.Parked], refused!.Outcomes.Select(o => o.Outcome));
        Assert.Equal(WorkerStatus.Quarantined, quarantined.Status);
        Assert.Equal(ApplyOutcome.Applied, Assert.Single(redriven!.Outcomes).Outcome);
        Assert.Equal(WorkerStatus.Active, _runtime.State<ProcessorEntityState>(Alice)!.Status);
    }

    [Fact]
    public async Task Quarantine_WhenSignalled_StoresTheReason()
    {
        await ApplyAsync(Log(0, 1, "user_created", "alice"));

        _runtime.Signal(Alice, ProcessorEntity.QuarantineOperation, "InvalidOperationException: boom");
        await _runtime.AdvanceToAsync(_clock.Now);

        var stored = _runtime.State<ProcessorEntityState>(Alice)!;
        Assert.Equal(WorkerStatus.Quarantined, stored.Status);
        Assert.Equal("InvalidOperationException: boom", stored.QuarantineReason);
    }

    [Fact]
    public async Task Apply_WhenTheWorkerRetired_KeepsTheTombstoneAcrossBatchesAndDeleteRemovesTheEntity()
    {
        await ApplyAsync(Log(0, 1, "user_created", "alice"), Log(0, 2, "user_deleted", "alice"));

        var later = await ApplyAsync(Log(0, 3, "user_created", "alice"), Log(0, 4, "item", "alice"));
        var tombstone = _runtime.State<ProcessorEntityState>(Alice)!;
        await _runtime.CallAsync<object>(Alice, ProcessorEntity.DeleteOperation);

        Assert.All(later!.Outcomes, o => Assert.Equal(ApplyOutcome.Retired, o.Outcome));
        Assert.Equal(WorkerStatus.Retired, tombstone.Status);
        Assert.False(_runtime.Exists(Alice));
    }

    [Fact]
    public async Task Apply_WhenNoEventActivatesTheWorker_LeavesNoEntityBehind()
    {
        var report = await ApplyAsync(Log(0, 5, "item", "alice"));

        Assert.Equal(ApplyOutcome.NotActivated, Assert.Single(report!.Outcomes).Outcome);
        Assert.False(_runtime.Exists(Alice));
    }

    [Fact]
    public async Task Apply_WhenTheOperationThrows_ReportsTheFailureAndRollsTheBatchBack()
    {
        var notAWorker = new Microsoft.DurableTask.Entities.EntityInstanceId(MicroStreams.Functions.Orchestration.EntityKeys.EntityName, "no-separator");

        var failed = await Assert.ThrowsAsync<EntityCallFailed>(() => _runtime.CallAsync<ApplyReport>(notAWorker, ProcessorEntity.ApplyOperation, new ApplyRequest(FirstBatch())));

        Assert.Contains("FormatException", failed.ErrorType, StringComparison.Ordinal);
        Assert.False(_runtime.Exists(notAWorker));
        Assert.Empty(_runtime.Started);
    }
}
