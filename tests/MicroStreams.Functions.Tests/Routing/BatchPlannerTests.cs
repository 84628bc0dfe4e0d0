using MicroStreams.DeadLetters;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Routing;

public sealed class BatchPlannerTests
{
    private readonly BatchPlanner _planner = new(new Router([new CounterProcessor()]));

    [Fact]
    public void Plan_WhenARecordIsNotACloudEvent_DeadLettersItAndPlansTheRest()
    {
        var records = new[]
        {
            Record(2, 10, Json("item", "alice")),
            Record(2, 11, "this is not json"),
            Record(2, 12, Json("item", "alice")),
        };

        var plan = _planner.Plan(records, T0);

        var poison = Assert.Single(plan.Poison);
        Assert.Equal(DeadLetterKind.Unparseable, poison.Kind);
        Assert.Equal(11, poison.Sequence);
        Assert.Equal("this is not json", poison.Event);
        Assert.Equal("p0002-s00000000000000000011-poison", poison.Id);
        Assert.Equal([10L, 12L], Assert.Single(plan.Keys).Events.Select(e => e.Sequence));
        Assert.Equal((2, 10L, 12L), (plan.Partition, plan.FirstSequence, plan.LastSequence));
    }

    [Fact]
    public void Plan_WhenKeysInterleave_GroupsEventsPerKeyInLogOrder()
    {
        var records = new[]
        {
            Record(0, 1, Json("item", "alice")),
            Record(0, 2, Json("item", "bob")),
            Record(0, 3, Json("item", "alice")),
            Record(0, 4, Json("unsubscribed_type", "carol")),
            Record(0, 5, Json("item", "bob")),
        };

        var plan = _planner.Plan(records, T0);

        Assert.Equal(["alice", "bob"], plan.Keys.Select(k => k.Key));
        Assert.Equal([1L, 3L], plan.Keys[0].Events.Select(e => e.Sequence));
        Assert.Equal([2L, 5L], plan.Keys[1].Events.Select(e => e.Sequence));
        Assert.All(plan.Keys, k => Assert.Equal(CounterProcessor.Name, k.Processor));
        Assert.Empty(plan.Poison);
    }
}
