using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using MicroStreams.Workers;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Entities;

public sealed class ProcessorEntityCoreTests
{
    private readonly ManualClock _clock = new(T0);
    private readonly ProcessorEntityCore _core;

    public ProcessorEntityCoreTests() => _core = new ProcessorEntityCore(new Router([new CounterProcessor()]), _clock);

    private EntityStep Apply(ProcessorEntityState? state, params LogEvent[] events) =>
        _core.Apply(state, CounterProcessor.Name, "alice", new ApplyRequest(events));

    private static LogEvent[] FirstBatch() =>
    [
        Log(0, 1, "user_created", "alice", "{\"email\":\"a@example.com\"}"),
        Log(0, 2, "item", "alice"),
        Log(0, 3, "item", "alice"),
        Log(0, 4, "item", "alice"),
    ];

    private static string Snapshot(ProcessorEntityState? state) => System.Text.Json.JsonSerializer.Serialize(state);

    [Fact]
    public void Apply_WhenBatchIsRedelivered_ChangesNothingAndSendsNothing()
    {
        var first = Apply(null, FirstBatch());

        var again = Apply(first.State, FirstBatch());

        Assert.Equal(Snapshot(first.State), Snapshot(again.State));
        Assert.All(again.Report.Outcomes, o => Assert.Equal(ApplyOutcome.Duplicate, o.Outcome));
        Assert.Empty(again.Effects);
        Assert.Empty(again.Timers);
    }

    [Fact]
    public void Apply_WhenAnEventRepeatsInsideABatch_AppliesItOnce()
    {
        var step = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 2, "item", "alice"));

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Applied, ApplyOutcome.Duplicate], step.Report.Outcomes.Select(o => o.Outcome));
        Assert.Equal(2, step.State!.EventsApplied);
        Assert.Equal(1, step.State.State!.Value.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Apply_WhenTheThirdItemArrives_EmitsOneEffectWhoseIdIsStableAcrossRuns()
    {
        var one = Apply(null, FirstBatch());
        var two = new ProcessorEntityCore(new Router([new CounterProcessor()]), _clock).Apply(null, CounterProcessor.Name, "alice", new ApplyRequest(FirstBatch()));

        var effect = Assert.Single(one.Effects);
        Assert.Equal(effect.Id, Assert.Single(two.Effects).Id);
        Assert.Equal("a@example.com", effect.Target);
        Assert.StartsWith("ef_", effect.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WhenSuppressingEffects_StillAppliesButEmitsNone()
    {
        var step = _core.Apply(null, CounterProcessor.Name, "alice", new ApplyRequest(FirstBatch(), SuppressEffects: true));

        Assert.Empty(step.Effects);
        Assert.Equal(3, step.State!.State!.Value.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Apply_WhenTheActivatingEventSetsATimer_ArmsItWithItsToken()
    {
        var step = Apply(null, Log(0, 1, "user_created", "alice"));

        var timer = Assert.Single(step.Timers);
        Assert.Equal(("reminder", T0.AddDays(1)), (timer.Name, timer.Due)); // event time (the CloudEvent time), not broker time
        Assert.Equal(step.State!.Timers!["reminder"].Token, timer.Token);
    }

    [Fact]
    public void Apply_WhenNoEventActivatesAWorker_LeavesNoState()
    {
        var step = Apply(null, Log(0, 5, "item", "alice"));

        Assert.Null(step.State);
        Assert.Equal(ApplyOutcome.NotActivated, Assert.Single(step.Report.Outcomes).Outcome);
    }

    [Fact]
    public void Apply_WhenHandlerThrows_QuarantinesTheWorkerAndParksLaterEventsInOrder()
    {
        var step = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice", "{\"fail\":true}"), Log(0, 3, "item", "alice"));

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Failed, ApplyOutcome.Parked], step.Report.Outcomes.Select(o => o.Outcome));
        Assert.Equal(WorkerStatus.Quarantined, step.State!.Status);
        Assert.Equal(3, step.Report.Outcomes[1].Attempts);
        Assert.Contains("poison item", step.Report.Outcomes[1].Reason, StringComparison.Ordinal);
        Assert.Equal([2L, 3L], step.DeadLetters.Select(d => d.Sequence!.Value));
    }

    [Fact]
    public void Apply_WhenRedrivenWithRelease_AppliesTheParkedEventsAndActivatesTheWorker()
    {
        var quarantined = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice", "{\"fail\":true}"), Log(0, 3, "item", "alice")).State;

        var redriven = _core.Apply(quarantined, CounterProcessor.Name, "alice", new ApplyRequest([Log(0, 3, "item", "alice")], Release: true));

        Assert.Equal(ApplyOutcome.Applied, Assert.Single(redriven.Report.Outcomes).Outcome);
        Assert.Equal(WorkerStatus.Active, redriven.State!.Status);
    }

    [Fact]
    public void Apply_WhenTheWorkerRetires_KeepsATombstoneThatIgnoresLaterEvents()
    {
        var retired = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "user_deleted", "alice")).State;

        var later = Apply(retired, Log(0, 3, "user_created", "alice"), Log(0, 4, "item", "alice"));

        Assert.Equal(WorkerStatus.Retired, later.State!.Status);
        Assert.Equal(0, later.State.State!.Value.GetProperty("count").GetInt32()); // the state it retired with, as the embedded host keeps it
        Assert.Null(later.State.Timers);
        Assert.All(later.Report.Outcomes, o => Assert.Equal(ApplyOutcome.Retired, o.Outcome));
        Assert.Empty(later.Timers);
    }

    [Fact]
    public void Tick_WhenTheTokenIsStale_IgnoresItAndKeepsState()
    {
        var state = Apply(null, Log(0, 1, "user_created", "alice")).State;
        _clock.Now = T0.AddDays(2);

        var tick = _core.Tick(state, CounterProcessor.Name, "alice", new TimerTick("reminder", state!.Timers!["reminder"].Token + 1));

        Assert.Equal(ApplyOutcome.Stale, Assert.Single(tick.Report.Outcomes).Outcome);
        Assert.Same(state, tick.State);
        Assert.Empty(tick.Effects);
        Assert.Empty(tick.Timers);
    }

    [Fact]
    public void Tick_WhenItArrivesBeforeTheDueTime_RearmsTheSameTokenAtTheDueTime()
    {
        var state = Apply(null, Log(0, 1, "user_created", "alice")).State!;
        var timer = state.Timers!["reminder"];
        _clock.Now = timer.Due.AddMilliseconds(-100);

        var tick = _core.Tick(state, CounterProcessor.Name, "alice", new TimerTick("reminder", timer.Token));

        Assert.Equal(ApplyOutcome.Early, Assert.Single(tick.Report.Outcomes).Outcome);
        Assert.Equal(new TimerArm("reminder", timer.Due, timer.Token), Assert.Single(tick.Timers));
        Assert.Empty(tick.Effects);
    }

    [Fact]
    public void Tick_WhenThePartitionHasNotBeenAppliedUpToTheDue_DefersToThePartitionClock()
    {
        var state = Apply(null, Log(0, 1, "user_created", "alice")).State!;
        var timer = state.Timers!["reminder"];
        _clock.Now = timer.Due.AddDays(1);

        var tick = _core.Tick(state, CounterProcessor.Name, "alice", new TimerTick("reminder", timer.Token));
        var woken = _core.Wake(tick.State, CounterProcessor.Name, "alice", new TimerWake(timer.Due));

        Assert.Equal(ApplyOutcome.Deferred, Assert.Single(tick.Report.Outcomes).Outcome);
        Assert.Equal(timer.Due, tick.AwaitClock!.Due);
        Assert.Empty(tick.Effects);
        Assert.Single(woken.Effects);
        Assert.Equal(1, woken.State!.TimersFired);
    }

    [Fact]
    public void Tick_WhenDue_FiresOnceAndASecondTickIsStale()
    {
        var state = Apply(null, Log(0, 1, "user_created", "alice")).State!;
        var timer = state.Timers!["reminder"];
        _clock.Now = timer.Due;
        state.Horizon = timer.Due; // the partition's records appended by the due time are applied

        var fired = _core.Tick(state, CounterProcessor.Name, "alice", new TimerTick("reminder", timer.Token));
        var again = _core.Tick(fired.State, CounterProcessor.Name, "alice", new TimerTick("reminder", timer.Token));

        Assert.Equal(ApplyOutcome.Applied, Assert.Single(fired.Report.Outcomes).Outcome);
        Assert.Single(fired.Effects);
        Assert.Equal(1, fired.State!.TimersFired);
        Assert.Equal(ApplyOutcome.Stale, Assert.Single(again.Report.Outcomes).Outcome);
        Assert.Empty(again.Effects);
    }

    [Fact]
    public void Quarantine_WhenTheWorkerIsRetired_LeavesTheTombstoneAlone()
    {
        var retired = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "user_deleted", "alice")).State;

        var after = ProcessorEntityCore.Quarantine(retired, CounterProcessor.Name, "alice", "boom", T0);

        Assert.Equal(WorkerStatus.Retired, after!.Status);
    }
}
