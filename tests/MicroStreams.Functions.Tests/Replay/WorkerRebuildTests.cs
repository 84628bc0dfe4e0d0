using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using MicroStreams.Workers;
using static MicroStreams.Functions.Tests.Fakes.Events;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Tests.Replay;

/// <summary>The entity's replay operations through <see cref="WorkerRebuild"/>: rebuild a new generation, then adopt or compare it.</summary>
public sealed class WorkerRebuildTests
{
    private const long Generation = 7;
    private readonly ManualClock _clock = new(T0.AddDays(30));
    private readonly ProcessorEntityCore _live;
    private readonly WorkerRebuild _rebuild;

    public WorkerRebuildTests()
    {
        var router = new Router([new CounterProcessor()]);
        _live = new ProcessorEntityCore(router, _clock);
        _rebuild = new WorkerRebuild(router, new ShadowVariants([new CounterSendsOnSecondItem()]), _clock);
    }

    private RebuildStep Rebuild(ProcessorEntityState? state, params LogEvent[] events) =>
        _rebuild.Rebuild(state, CounterProcessor.Name, "alice", new RebuildRequest(Generation, events, [.. events.Select(e => e.EnqueuedTime)]));

    private static SwitchRequest SwitchTo(ProcessorEntityState? rebuilt, long position, DateTimeOffset watermark, SwitchMode mode = SwitchMode.Adopt) =>
        new(Generation, rebuilt, new Dictionary<int, long> { [0] = position }, new Dictionary<int, DateTimeOffset> { [0] = watermark }, mode);

    [Fact]
    public void Rebuild_WhenHistoryDecidesAnEffect_CountsItAsSuppressedAndStampsRowsWithTheNewGeneration()
    {
        var step = Rebuild(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 3, "item", "alice"), Log(0, 4, "item", "alice"));

        Assert.Equal((4, 1), (step.Report.Applied, step.Report.EffectsSuppressed));
        Assert.Equal(Generation, step.State!.Generation);
        Assert.All(step.Report.Projections, r => Assert.Equal(Generation, r.Generation));
        Assert.Equal("reminder", Assert.Single(step.State.Timers!).Key);
    }

    [Fact]
    public void Rebuild_WhenAnEventComesAfterATimersDueTime_FiresTheTimerFirstInEventTime()
    {
        var created = Log(0, 1, "user_created", "alice");
        var dayLater = Log(0, 2, "item", "alice") with { EnqueuedTime = T0.AddDays(2) };

        var step = _rebuild.Rebuild(null, CounterProcessor.Name, "alice", new RebuildRequest(Generation, [created, dayLater], [T0.AddSeconds(1), T0.AddDays(2)]));

        Assert.Equal((1, 1), (step.Report.TimersFired, step.Report.EffectsSuppressed));
        Assert.Equal(1, step.State!.TimersFired);
        Assert.Null(step.State.Timers);
    }

    [Fact]
    public void Rebuild_WhenAHandlerFails_ReturnsADeadLetterNamingTheGeneration()
    {
        var step = Rebuild(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice", "{\"fail\":true}"));

        var letter = Assert.Single(step.Report.DeadLetters);
        // The same reason as the live host's letter for the same failure: one semantics, in every mode.
        Assert.StartsWith("InvalidOperationException on event", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(1, step.Report.HandlerFailures);
    }

    [Fact]
    public void Switch_WhenTheLiveWorkerAppliedAPositionTheRebuildHasNotRead_ChangesNothingAndSaysBehind()
    {
        var live = _live.Apply(null, CounterProcessor.Name, "alice", new ApplyRequest([Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice")])).State;
        var rebuilt = Rebuild(null, Log(0, 1, "user_created", "alice")).State;

        var step = _rebuild.Switch(live, CounterProcessor.Name, "alice", SwitchTo(rebuilt, position: 1, T0));

        Assert.Equal(SwitchOutcome.Behind, step.Report.Outcome);
        Assert.Same(live, step.State);
        Assert.Empty(step.Timers);
    }

    [Fact]
    public void Switch_WhenAdopting_TakesTheRebuiltWorkerFiresTimersDueByTheWatermarkSuppressedAndArmsTheRest()
    {
        var live = _live.Apply(null, CounterProcessor.Name, "alice", new ApplyRequest([Log(0, 1, "user_created", "alice")])).State;
        var early = Rebuild(null, Log(0, 1, "user_created", "alice")).State!;
        var late = Rebuild(null, Log(0, 1, "user_created", "alice")).State!;

        // The live worker's horizon is how far it has fired its timers: the rebuilt worker fires up to it (docs/timers.md).
        live!.Horizon = T0.AddDays(2);
        var fired = _rebuild.Switch(live, CounterProcessor.Name, "alice", SwitchTo(early, position: 5, watermark: T0.AddDays(2)));
        live.Horizon = T0.AddHours(1);
        var armed = _rebuild.Switch(live, CounterProcessor.Name, "alice", SwitchTo(late, position: 5, watermark: T0.AddHours(1)));

        Assert.Equal((SwitchOutcome.Adopted, 1, 1), (fired.Report.Outcome, fired.Report.TimersFired, fired.Report.EffectsSuppressed));
        Assert.Equal(Generation, fired.State!.Generation);
        Assert.Empty(fired.Timers);
        Assert.Equal((0, "reminder"), (armed.Report.TimersFired, Assert.Single(armed.Timers).Name));
        Assert.Equal(late.Timers!["reminder"].Token, armed.Timers[0].Token);
    }

    [Fact]
    public void Switch_WhenTheRebuildHasNoWorkerForALiveKeyItCovers_RemovesTheLiveWorker()
    {
        var live = _live.Apply(null, CounterProcessor.Name, "alice", new ApplyRequest([Log(0, 1, "user_created", "alice")])).State;

        var step = _rebuild.Switch(live, CounterProcessor.Name, "alice", SwitchTo(null, position: 9, T0));

        Assert.Equal(SwitchOutcome.Adopted, step.Report.Outcome);
        Assert.Null(step.State);
    }

    [Fact]
    public void Switch_WhenTheWorkerAlreadyAdoptedThisGeneration_LeavesItAsItIs()
    {
        var rebuilt = Rebuild(null, Log(0, 1, "user_created", "alice")).State;
        var adopted = _rebuild.Switch(null, CounterProcessor.Name, "alice", SwitchTo(rebuilt, position: 1, T0)).State;

        var again = _rebuild.Switch(adopted, CounterProcessor.Name, "alice", SwitchTo(null, position: 1, T0));

        Assert.Same(adopted, again.State);
    }

    [Fact]
    public void Shadow_WhenTheNewCodeSendsEarlier_ReportsTheStateDifferenceAndTheEffectsOnlyOneSideSends()
    {
        LogEvent[] history = [Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 3, "item", "alice"), Log(0, 4, "item", "alice")];
        var live = _live.Apply(null, CounterProcessor.Name, "alice", new ApplyRequest(history)).State;

        var shadow = _rebuild.Rebuild(null, CounterProcessor.Name, "alice", new RebuildRequest(Generation, history, [.. history.Select(e => e.EnqueuedTime)], Shadow: true));
        var compared = _rebuild.Switch(live, CounterProcessor.Name, "alice", SwitchTo(shadow.State, position: 4, T0.AddSeconds(4), SwitchMode.Compare));

        Assert.Equal(SwitchOutcome.Compared, compared.Report.Outcome);
        Assert.Same(live, compared.State);
        Assert.NotNull(compared.Report.Difference);
        Assert.Contains("\"sent\":2", Assert.Single(shadow.Report.OnlyInShadow).Payload.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"count\":3", Assert.Single(shadow.Report.OnlyInLive).Payload.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(shadow.Report.Projections);
    }
}
