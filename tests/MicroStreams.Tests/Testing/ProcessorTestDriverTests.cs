using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Events;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Processors;
using MicroStreams.Testing;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Testing;

/// <summary>The test kit itself: it must decide what a host decides (the core step, the timer rule), and show it all.</summary>
public sealed class ProcessorTestDriverTests
{
    private static ProcessorTestDriver Probe(ProbeProcessor? probe = null, int maxAttempts = 3) =>
        new(probe ?? new ProbeProcessor(), new ProcessorTestOptions { Start = Ev.T0, MaxAttempts = maxAttempts });

    private static IReadOnlyList<string> Seen(ProcessorTestDriver driver, string key) => driver.State<ProbeState>(key).Seen;

    [Fact]
    public void Send_WhenAWorkersTimerIsDueByTheAppendTime_FiresItBeforeTheEvent()
    {
        var driver = Probe();
        driver.Send("probe", "u1", """{"do":"set","minutes":5}""", id: "a");

        // The event happened at T0+1m but reaches the log at T0+10m: the timer (due T0+5m) fires first (rule 1).
        driver.Clock.Advance(TimeSpan.FromMinutes(10));
        driver.Send("probe", "u1", time: Ev.T0.AddMinutes(1), id: "b");

        Assert.Equal(["e:a", $"t:a@{Ev.T0.AddMinutes(5):O}", "e:b"], Seen(driver, "u1"));
    }

    [Fact]
    public void Send_WhenTheEventTimeIsLaterThanTheClock_FiresNothingBeforeTheAppendTime()
    {
        var driver = Probe();
        driver.Send("probe", "u1", """{"do":"set","minutes":5}""", id: "a");

        driver.Send("probe", "u1", time: Ev.T0.AddHours(1), id: "b");

        Assert.Equal(["e:a", "e:b"], Seen(driver, "u1"));
        Assert.Equal(Ev.T0.AddMinutes(5), Assert.Single(driver.Timers("u1")).Due);
    }

    [Fact]
    public void AdvanceTo_WhenTimersOfSeveralWorkersAreDue_FiresThemEarliestFirstWithTheClockAtEachDue()
    {
        var driver = Probe();
        driver.Send("probe", "u1", """{"do":"set","timer":"late","minutes":9}""");
        driver.Send("probe", "u2", """{"do":"set","timer":"early","minutes":3}""");
        driver.Send("probe", "u1", """{"do":"set","timer":"mid","minutes":6}""");

        var fired = driver.AdvanceTo(Ev.T0.AddMinutes(8));

        Assert.Equal(2, fired);
        Assert.Equal([("u2", Ev.T0.AddMinutes(3)), ("u1", Ev.T0.AddMinutes(6))], driver.Effects.Select(e => (e.Worker.Key, e.CreatedAt)));
        Assert.Equal(Ev.T0.AddMinutes(8), driver.Now);
        Assert.Equal(["late"], driver.Timers("u1").Select(t => t.Name));
    }

    [Fact]
    public void AdvanceTo_WhenTheTimeIsInThePast_Throws()
    {
        var driver = Probe();
        driver.Advance(TimeSpan.FromMinutes(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => driver.AdvanceTo(Ev.T0));
    }

    [Fact]
    public void Send_WhenTheHandlerThrowsOnEveryAttempt_DeadLettersTheEventAndParksTheNextOnes()
    {
        var driver = Probe();
        var failed = driver.Send("probe", "u1", """{"do":"throw"}""", id: "bad");
        var parked = driver.Send("probe", "u1", id: "after");

        Assert.Equal((ApplyOutcome.Failed, ApplyOutcome.Parked), (failed.Outcome, parked.Outcome));
        Assert.Equal(
            [(DeadLetterKind.HandlerFailed, "bad", 3), (DeadLetterKind.Parked, "after", 0)],
            driver.DeadLetters.Select(d => (d.Kind, d.Event!.Id, d.Attempts)));
        Assert.Contains("probe refuses bad", driver.DeadLetters[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("worker quarantined: ", driver.DeadLetters[1].Reason, StringComparison.Ordinal);
        Assert.Equal(WorkerStatus.Quarantined, driver.Worker("u1").Status);
    }

    [Fact]
    public void Redrive_WhenTheProcessorIsFixed_AppliesTheDeadLetteredEventsInOrder()
    {
        var probe = new ProbeProcessor();
        var driver = Probe(probe);
        driver.Send("probe", "u1", """{"do":"throw"}""", id: "bad");
        driver.Send("probe", "u1", id: "after");

        probe.Healed = true;
        var redriven = driver.Redrive("u1");

        Assert.Equal(2, redriven);
        Assert.Empty(driver.DeadLetters);
        Assert.Equal(WorkerStatus.Active, driver.Worker("u1").Status);
        Assert.Equal(["e:bad", "e:after"], Seen(driver, "u1"));
    }

    [Fact]
    public void Redrive_WhenTheEventStillFails_DeadLettersItAgain()
    {
        var driver = Probe();
        driver.Send("probe", "u1", """{"do":"throw"}""", id: "bad");

        driver.Redrive("u1");

        Assert.Equal((DeadLetterKind.HandlerFailed, "bad"), (Assert.Single(driver.DeadLetters).Kind, driver.DeadLetters[0].Event!.Id));
        Assert.Equal(WorkerStatus.Quarantined, driver.Worker("u1").Status);
    }

    [Fact]
    public void Send_WhenTheHandlerFailsOnceOnly_RetriesAndApplies()
    {
        var driver = Probe();

        var sent = driver.Send("probe", "u1", """{"do":"flaky"}""", id: "f");

        Assert.Equal(ApplyOutcome.Applied, sent.Outcome);
        Assert.Empty(driver.DeadLetters);
    }

    [Fact]
    public void AdvanceTo_WhenTheTimerHandlerThrows_DeadLettersTheTimerAndStopsFiring()
    {
        var driver = new ProcessorTestDriver(new ThrowingTimerProcessor(), new ProcessorTestOptions { Start = Ev.T0, MaxAttempts = 2 });
        driver.Send("tick", "u1");

        var fired = driver.AdvanceTo(Ev.T0.AddHours(1));

        Assert.Equal(0, fired);
        var letter = Assert.Single(driver.DeadLetters);
        Assert.Equal((DeadLetterKind.TimerFailed, "boom", (DateTimeOffset?)Ev.T0.AddMinutes(1), 2), (letter.Kind, letter.Timer, letter.TimerDue, letter.Attempts));
        Assert.Equal(WorkerStatus.Quarantined, driver.Worker("u1").Status);
    }

    [Fact]
    public void Send_WhenTheEventRepeatsAnIdAtANewPosition_AppliesItAgainAsTheLogDoes()
    {
        var driver = Probe();

        var first = driver.Send("probe", "u1", id: "same");
        var second = driver.Send("probe", "u1", id: "same");

        Assert.Equal(new EventPosition(0, 1), second.Position with { Sequence = first.Position.Sequence + 1 });
        Assert.Equal(["e:same", "e:same"], Seen(driver, "u1"));
    }

    [Fact]
    public void Send_WhenSeveralProcessorsSubscribe_OffersTheEventToEach()
    {
        var driver = new ProcessorTestDriver([new ProbeProcessor("one"), new ProbeProcessor("two", activatedBy: ["probe_start"])]);

        var sent = driver.Send("probe", "u1");

        Assert.Equal(
            [new WorkerOutcome(new WorkerId("one", "u1"), ApplyOutcome.Applied), new WorkerOutcome(new WorkerId("two", "u1"), ApplyOutcome.NotActivated)],
            sent.Outcomes);
        Assert.Throws<InvalidOperationException>(() => sent.Outcome);
        Assert.Single(driver.Workers);
    }

    [Fact]
    public void SendCloudEvent_WhenTheEventIsInvalid_ThrowsNamingTheAttribute()
    {
        var driver = Probe();

        var error = Assert.Throws<ArgumentException>(() => driver.SendCloudEvent("""{"specversion":"1.0","id":"1","source":"s","type":"probe"}"""));

        Assert.Contains("subject", error.Message, StringComparison.Ordinal);
        Assert.Empty(driver.Workers);
    }

    [Fact]
    public void SendCloudEvent_WhenValid_AppliesItWithItsOwnTime()
    {
        var driver = new ProcessorTestDriver(new ChurnDetection(), new ProcessorTestOptions { Start = Ev.T0 });

        driver.SendCloudEvent($$$"""{"specversion":"1.0","id":"e1","source":"app","type":"{{{EventTypes.UserSignin}}}","subject":"u1","time":"{{{Ev.T0.AddMinutes(-3):O}}}","data":{"email":"u1@example.com"}}""");

        Assert.Equal(new ChurnState(Ev.T0.AddMinutes(-3), 1, "u1@example.com"), driver.State<ChurnState>("u1"));
    }

    [Fact]
    public void Send_WhenThereAreSeveralPartitions_RoutesByTheRoutingKeyAsTheHostsDo()
    {
        var driver = new ProcessorTestDriver(new ProbeProcessor(), new ProcessorTestOptions { Start = Ev.T0, Partitions = 8 });

        var sent = new[] { "u1", "u2", "u3", "u4" }.Select(key => driver.Send("probe", key)).ToList();

        Assert.Equal(new[] { "u1", "u2", "u3", "u4" }.Select(key => MicroStreams.Routing.Partitioner.PartitionOf(key, 8)), sent.Select(s => s.Position.Partition));
        Assert.Equal(driver.PartitionOf("u2"), driver.Send("probe", "x", partitionKey: "u2").Position.Partition);
    }

    [Fact]
    public void Row_WhenAProcessorProjects_ReadsTheLastRowAndForgetsRemovedOnes()
    {
        var driver = new ProcessorTestDriver(new ChurnDetection(), new ProcessorTestOptions { Start = Ev.T0 });
        driver.Send(EventTypes.UserSignin, "u1");
        driver.SendAt(Ev.T0.AddDays(1), EventTypes.UserSignin, "u1");

        var row = driver.Row<LastSignInRow>(ChurnDetection.LastSignInProjection, "u1");

        Assert.Equal(2, row!.SignIns);
        Assert.Null(driver.Row(ChurnDetection.LastSignInProjection, "u2"));
    }

    [Fact]
    public void Send_WhenTheStateDoesNotSurviveJson_FailsTheTestThatMadeIt()
    {
        var driver = new ProcessorTestDriver(new UnserializableStateProcessor(), new ProcessorTestOptions { Start = Ev.T0 });

        Assert.ThrowsAny<Exception>(() => driver.Send("tick", "u1"));
        var relaxed = new ProcessorTestDriver(new UnserializableStateProcessor(), new ProcessorTestOptions { Start = Ev.T0, RoundTripState = false });
        Assert.Equal(ApplyOutcome.Applied, relaxed.Send("tick", "u1").Outcome);
    }

    [Fact]
    public void Send_WhenATimerIsSetInThePast_FiresItAtOnceAsAnIdleHostWould()
    {
        var driver = Probe();
        driver.Advance(TimeSpan.FromHours(1));

        driver.Send("probe", "u1", """{"do":"set","minutes":5}""", time: Ev.T0, id: "late");

        Assert.Equal(["e:late", $"t:a@{Ev.T0.AddMinutes(5):O}"], Seen(driver, "u1"));
    }

    private sealed class ThrowingTimerProcessor : Processor<ProbeState>
    {
        public override ProcessorSpec Spec { get; } = new("ticker") { Subscribes = ["tick"] };

        protected override ProbeState Start(StreamEvent activatingEvent) => new([]);

        protected override ProbeState Handle(ProcessorContext context, ProbeState state, StreamEvent @event)
        {
            context.SetTimer("boom", TimeSpan.FromMinutes(1));
            return state;
        }

        protected override ProbeState OnTimer(ProcessorContext context, ProbeState state, TimerFired timer) =>
            throw new InvalidOperationException("the timer handler breaks");
    }

    /// <summary>State with a delegate: JSON cannot write it, so no host could persist this worker.</summary>
    private sealed record DelegateState(Func<int> Next);

    private sealed class UnserializableStateProcessor : Processor<DelegateState>
    {
        public override ProcessorSpec Spec { get; } = new("unserializable") { Subscribes = ["tick"] };

        protected override DelegateState Start(StreamEvent activatingEvent) => new(() => 1);

        protected override DelegateState Handle(ProcessorContext context, DelegateState state, StreamEvent @event) => state;
    }
}
