using MicroStreams.Events;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Workers;

public sealed class WorkerApplierTests
{
    private readonly WorkerApplier _applier = new(maxAttempts: 3);
    private readonly ApplyResults _results = new();

    private ApplyOutcome Apply(ProbeProcessor processor, ref Worker? worker, StreamEvent @event) =>
        _applier.ApplyEvent(processor, ref worker, @event.RoutingKey, @event, _results);

    private static IReadOnlyList<string> Seen(Worker worker) => ((ProbeState)worker.State!).Seen;

    [Fact]
    public void ApplyEvent_WhenNoWorkerAndTypeActivates_CreatesAndAppliesIt()
    {
        var processor = new ProbeProcessor(activatedBy: ["probe_start"]);
        Worker? worker = null;

        var outcome = Apply(processor, ref worker, Ev.Make("probe_start", "u1", Ev.T0, null, 1, id: "e1"));

        Assert.Equal(ApplyOutcome.Applied, outcome);
        Assert.Equal(new WorkerId("probe", "u1"), worker!.Id);
        Assert.Equal(["e:e1"], Seen(worker));
        Assert.Equal(Ev.T0, worker.ActivatedAt);
        Assert.Equal([new PartitionWatermark(0, 1)], worker.Watermarks);
    }

    [Fact]
    public void ApplyEvent_WhenNoWorkerAndTypeDoesNotActivate_IgnoresItAndCreatesNothing()
    {
        var processor = new ProbeProcessor(activatedBy: ["probe_start"]);
        Worker? worker = null;

        var outcome = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0));

        Assert.Equal(ApplyOutcome.NotActivated, outcome);
        Assert.Null(worker);
        Assert.Equal(0, processor.HandleCalls);
    }

    [Fact]
    public void ApplyEvent_WhenWorkerRetired_IgnoresTheEvent()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"retire"}""", 1));

        var outcome = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 2));

        Assert.Equal(ApplyOutcome.Retired, outcome);
        Assert.Equal(WorkerStatus.Retired, worker!.Status);
        Assert.Single(Seen(worker)); // the tombstone keeps the state it retired with
        Assert.Equal(1, processor.HandleCalls);
    }

    [Fact]
    public void ApplyEvent_WhenPositionWasAlreadyApplied_SkipsItAsDuplicate()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 5, id: "e5"));

        var again = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 5, id: "e5"));
        var older = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 4, id: "e4"));
        var otherPartition = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 4, partition: 1, id: "p1e4"));

        Assert.Equal((ApplyOutcome.Duplicate, ApplyOutcome.Duplicate, ApplyOutcome.Applied), (again, older, otherPartition));
        Assert.Equal(["e:e5", "e:p1e4"], Seen(worker!));
        Assert.Equal(2, worker!.EventsApplied);
    }

    [Fact]
    public void ApplyEvent_WhenHandlerFailsOnce_RetriesAndApplies()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;

        var outcome = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"flaky"}""", id: "e1"));

        Assert.Equal(ApplyOutcome.Applied, outcome);
        Assert.Equal(2, processor.HandleCalls);
        Assert.Equal(["e:e1"], Seen(worker!));
    }

    [Fact]
    public void ApplyEvent_WhenHandlerAlwaysThrows_TriesMaxAttemptsThenFailsAndQuarantines()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 1, id: "e1"));

        var outcome = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"throw"}""", 2, id: "e2"));

        Assert.Equal(ApplyOutcome.Failed, outcome);
        Assert.Equal(1 + _applier.MaxAttempts, processor.HandleCalls);
        Assert.Equal(WorkerStatus.Quarantined, worker!.Status);
        Assert.Contains("probe refuses e2", worker.QuarantineReason, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(_results.LastError);
        Assert.Equal(["e:e1"], Seen(worker));
        Assert.True(worker.HasApplied(new EventPosition(0, 2)));
    }

    [Fact]
    public void ApplyEvent_WhenFailedEventIsRedelivered_AnswersDuplicateAndOnlyARedriveOffersItAgain()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        var failing = Ev.Make("probe", "u1", Ev.T0, """{"do":"throw"}""", 1, id: "e1");
        Apply(processor, ref worker, failing);
        var calls = processor.HandleCalls;

        var redelivered = Apply(processor, ref worker, failing);
        WorkerApplier.Release(worker!);
        var redriven = _applier.ApplyEvent(processor, ref worker, "u1", failing, _results, redrive: true);

        Assert.Equal(ApplyOutcome.Duplicate, redelivered);
        Assert.Equal(ApplyOutcome.Failed, redriven);
        Assert.Equal(calls + _applier.MaxAttempts, processor.HandleCalls);
    }

    [Fact]
    public void ApplyEvent_WhenWorkerQuarantined_ParksTheEventWithoutRunningTheHandler()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"throw"}""", 1));
        var calls = processor.HandleCalls;

        var outcome = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 2));

        Assert.Equal(ApplyOutcome.Parked, outcome);
        Assert.Equal(calls, processor.HandleCalls);
    }

    [Fact]
    public void Release_WhenWorkerQuarantined_LetsEventsApplyAgain()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"throw"}""", 1));

        WorkerApplier.Release(worker!);
        var outcome = Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 2, id: "e2"));

        Assert.Equal(ApplyOutcome.Applied, outcome);
        Assert.Null(worker!.QuarantineReason);
        Assert.Equal(["e:e2"], Seen(worker));
    }

    [Fact]
    public void ApplyEvent_WhenHandlerSetsTimer_ArmsItWithANewTokenEachTime()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","minutes":10}""", 1));
        var first = worker!.FindTimer("a")!.Value;

        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0.AddMinutes(1), """{"do":"set","minutes":10}""", 2));

        var second = worker!.FindTimer("a")!.Value;
        Assert.Equal(Ev.T0.AddMinutes(10), first.Due);
        Assert.Equal(Ev.T0.AddMinutes(11), second.Due);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal([first, second], _results.ArmedTimers.Select(t => t.Timer));
    }

    [Fact]
    public void FireTimer_WhenTokenWasReplaced_IsStaleAndDoesNotRun()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","minutes":10}""", 1));
        var replaced = worker!.FindTimer("a")!.Value;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","minutes":20}""", 2));

        var outcome = _applier.FireTimer(processor, worker!, "a", replaced.Token, Ev.T0.AddHours(1), 0, _results);

        Assert.Equal(ApplyOutcome.Stale, outcome);
        Assert.Equal(0, worker!.TimersFired);
    }

    [Fact]
    public void FireTimer_WhenTimerWasCancelled_IsStale()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","minutes":10}""", 1));
        var cancelled = worker!.FindTimer("a")!.Value;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"cancel"}""", 2));

        var outcome = _applier.FireTimer(processor, worker!, "a", cancelled.Token, Ev.T0.AddHours(1), 0, _results);

        Assert.Equal(ApplyOutcome.Stale, outcome);
        Assert.Null(worker!.FindTimer("a"));
    }

    [Fact]
    public void FireTimer_WhenNotYetDue_IsEarlyAndKeepsTheTimer()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","minutes":10}""", 1));
        var timer = worker!.FindTimer("a")!.Value;

        var outcome = _applier.FireTimer(processor, worker, "a", timer.Token, timer.Due.AddTicks(-1), 0, _results);

        Assert.Equal(ApplyOutcome.Early, outcome);
        Assert.Equal(timer, worker.FindTimer("a"));
    }

    [Fact]
    public void FireTimer_WhenDue_RunsOnTimerAtTheDueTimeAndRemovesTheTimer()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","minutes":10}""", 1, id: "e1"));
        var timer = worker!.FindTimer("a")!.Value;
        _results.Clear();

        var outcome = _applier.FireTimer(processor, worker, "a", timer.Token, timer.Due.AddDays(3), 0, _results);

        Assert.Equal(ApplyOutcome.Applied, outcome);
        Assert.Equal(["e:e1", $"t:a@{timer.Due:O}"], Seen(worker));
        Assert.Null(worker.FindTimer("a"));
        Assert.Equal(timer.Due, Assert.Single(_results.Effects).CreatedAt);
        Assert.Equal(1, worker.TimersFired);
    }

    [Fact]
    public void ApplyEvent_WhenHandlerRetires_CancelsEveryTimer()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","timer":"a","minutes":10}""", 1));
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"set","timer":"b","minutes":20}""", 2));
        var armed = worker!.FindTimer("b")!.Value;

        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"retire"}""", 3));

        Assert.Null(worker!.Timers);
        Assert.Equal(ApplyOutcome.Stale, _applier.FireTimer(processor, worker, "b", armed.Token, Ev.T0.AddDays(1), 0, _results));
    }

    [Fact]
    public void ApplyEvent_WhenHandlerThrowsAfterDeciding_DiscardsItsDecisions()
    {
        var processor = new ProbeProcessor();
        Worker? worker = null;
        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, null, 1));
        _results.Clear();

        Apply(processor, ref worker, Ev.Make("probe", "u1", Ev.T0, """{"do":"throw"}""", 2));

        Assert.Empty(_results.Effects);
        Assert.Empty(_results.ArmedTimers);
        Assert.Null(worker!.Timers);
    }

    [Fact]
    public void Send_WhenSameDecisionIsReplayed_GivesTheSameIdsAndDistinctIdsPerOrdinal()
    {
        List<string> Run()
        {
            var processor = new ProbeProcessor();
            var applier = new WorkerApplier();
            var results = new ApplyResults();
            Worker? worker = null;
            var @event = Ev.Make("probe", "u1", Ev.T0, """{"do":"send","count":3}""", 7, partition: 2, id: "e7");
            applier.ApplyEvent(processor, ref worker, "u1", @event, results);
            return [.. results.Effects.Select(e => e.Id)];
        }

        var first = Run();
        var second = Run();

        Assert.Equal(first, second);
        Assert.Equal(3, first.Distinct().Count());
        Assert.Equal(MicroStreams.Effects.EffectId.For("probe", "u1", "2:7", 1), first[1]);
    }

    [Fact]
    public void Constructor_WhenMaxAttemptsIsNotPositive_Throws()
    {
        var act = () => new WorkerApplier(0);

        Assert.Throws<ArgumentOutOfRangeException>(act);
    }
}
