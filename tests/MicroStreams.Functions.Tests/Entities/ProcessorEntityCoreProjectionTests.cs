using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Entities;

/// <summary>The projection rows an entity operation hands to its caller: the last change per row, stamped by the step.</summary>
public sealed class ProcessorEntityCoreProjectionTests
{
    private readonly ManualClock _clock = new(T0);
    private readonly ProcessorEntityCore _core;

    public ProcessorEntityCoreProjectionTests() => _core = new ProcessorEntityCore(new Router([new CounterProcessor()]), _clock);

    private EntityStep Apply(ProcessorEntityState? state, params LogEvent[] events) =>
        _core.Apply(state, CounterProcessor.Name, "alice", new ApplyRequest(events));

    [Fact]
    public void Apply_WhenSeveralEventsChangeOneRow_ReportsItsLastDocumentStampedWithTheHandlerRunsSoFar()
    {
        var step = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 3, "item", "alice"));

        var row = Assert.Single(step.Report.Projections);
        Assert.Equal(new StampedChange(CounterProcessor.Projection, "alice", """{"count":2}""", 0, 3), row);
    }

    [Fact]
    public void Apply_WhenALaterBatchChangesTheRow_StampsItHigherThanTheEarlierOne()
    {
        var first = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"));

        var second = Apply(first.State, Log(0, 3, "item", "alice"));

        Assert.True(Assert.Single(second.Report.Projections).IsNewerThan(first.Report.Projections[0].Generation, first.Report.Projections[0].Sequence));
    }

    [Fact]
    public void Apply_WhenTheBatchIsRedelivered_ReportsNoRows()
    {
        var first = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"));

        var again = Apply(first.State, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"));

        Assert.Empty(again.Report.Projections);
    }

    [Fact]
    public void Apply_WhenTheHandlerFails_ReportsOnlyTheRowsOfTheEventsThatApplied()
    {
        var step = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 3, "item", "alice", "{\"fail\":true}"));

        Assert.Equal("""{"count":1}""", Assert.Single(step.Report.Projections).Document);
    }

    [Fact]
    public void Apply_WhenTheWorkerRetires_ReportsTheRowsRemoval()
    {
        var created = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"));

        var retired = Apply(created.State, Log(0, 3, "user_deleted", "alice"));

        var removal = Assert.Single(retired.Report.Projections);
        Assert.Null(removal.Document);
        Assert.Equal(3, removal.Sequence);
    }

    [Fact]
    public void Tick_WhenTheTimerFires_StampsItsRowAboveEveryEventBeforeIt()
    {
        var state = Apply(null, Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice")).State!;
        var timer = state.Timers!["reminder"];
        _clock.Now = timer.Due;

        state.Horizon = timer.Due; // the partition's records appended by the due time are applied
        var fired = _core.Tick(state, CounterProcessor.Name, "alice", new TimerTick("reminder", timer.Token));

        Assert.Equal(new StampedChange(CounterProcessor.Projection, "alice", """{"count":1,"reminded":true}""", 0, 3), Assert.Single(fired.Projections));
    }
}
