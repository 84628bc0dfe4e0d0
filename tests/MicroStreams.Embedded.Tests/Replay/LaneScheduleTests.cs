using MicroStreams.Embedded.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class LaneScheduleTests
{
    private sealed class Lane(string name, long left)
    {
        public string Name { get; } = name;
        public long Left { get; set; } = left;
        public override string ToString() => Name;
    }

    private static LaneSchedule<Lane> ScheduleOf(params Lane[] lanes) => new(lanes, lane => lane.Left, close: 10);

    [Fact]
    public void Next_TakesTheFreeLaneWithTheMostLeft_AndNeverOneAlreadyTaken()
    {
        Lane a = new("a", 100), b = new("b", 300), c = new("c", 200);
        var schedule = ScheduleOf(a, b, c);

        Assert.Same(b, schedule.Next(null));
        Assert.Same(c, schedule.Next(null));
        Assert.Same(a, schedule.Next(null));
        Assert.Null(schedule.Next(null));
    }

    [Fact]
    public void Next_PutsTheCurrentLaneDown_SoItCanBeTakenAgain()
    {
        Lane a = new("a", 100), b = new("b", 300);
        var schedule = ScheduleOf(a, b);
        var first = schedule.Next(null);
        var second = schedule.Next(null);
        b.Left = 50;

        Assert.Same(b, first);
        Assert.Same(a, second);
        Assert.Same(b, schedule.Next(b));
    }

    [Fact]
    public void Next_WhenEveryFreeLaneIsCloseToItsTarget_GivesNone()
    {
        Lane a = new("a", 10), b = new("b", 0);
        var schedule = ScheduleOf(a, b);

        Assert.Null(schedule.Next(null));
    }

    [Fact]
    public void ShouldSwitch_WhenAFreeLaneHasMoreThanTwiceAsMuchLeft_SaysSo()
    {
        Lane a = new("a", 1000), b = new("b", 900);
        var schedule = ScheduleOf(a, b);
        var taken = schedule.Next(null)!;

        Assert.Same(a, taken);
        Assert.False(schedule.ShouldSwitch(a));
        a.Left = 450;
        Assert.False(schedule.ShouldSwitch(a));
        a.Left = 449;
        Assert.True(schedule.ShouldSwitch(a));
        Assert.Same(b, schedule.Next(a));
    }

    [Fact]
    public void ShouldSwitch_WhenTheOnlyLargerLaneIsTaken_SaysNo()
    {
        Lane a = new("a", 1000), b = new("b", 100);
        var schedule = ScheduleOf(a, b);
        schedule.Next(null);
        schedule.Next(null);

        Assert.False(schedule.ShouldSwitch(b));
    }

    [Fact]
    public void ShouldSwitch_WhenTheLaneIsCloseToItsTarget_ReadsItToTheEnd()
    {
        Lane a = new("a", 100), b = new("b", 1000);
        var schedule = ScheduleOf(a, b);
        schedule.Next(null);
        var small = schedule.Next(null)!;
        small.Left = 5;

        Assert.Same(a, small);
        schedule.Next(b);
        Assert.False(schedule.ShouldSwitch(a));
    }

    [Fact]
    public void Stop_HandsOutNoMoreLanes_AndHasEveryCorePutItsLaneDown()
    {
        Lane a = new("a", 100), b = new("b", 300);
        var schedule = ScheduleOf(a, b);
        schedule.Next(null);

        schedule.Stop();

        Assert.True(schedule.ShouldSwitch(b));
        Assert.Null(schedule.Next(b));
    }

    [Fact]
    public void Lanes_DrivenByTwoCoresTakingBatches_AreEachDrivenByOneCoreAtATime_AndAllReachTheirTargets()
    {
        var lanes = Enumerable.Range(0, 8).Select(i => new Lane($"p{i}", 1000 + (i * 37))).ToArray();
        var drivers = new int[lanes.Length];
        var schedule = ScheduleOf(lanes);
        var overlaps = 0;

        Parallel.For(0, 2, _ =>
        {
            for (var lane = schedule.Next(null); lane is not null; lane = schedule.Next(lane))
            {
                var index = Array.IndexOf(lanes, lane);
                if (Interlocked.Increment(ref drivers[index]) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                do
                {
                    lane.Left -= Math.Min(lane.Left, 16);
                }
                while (lane.Left > 0 && !schedule.ShouldSwitch(lane));

                Interlocked.Decrement(ref drivers[index]);
            }
        });

        Assert.Equal(0, overlaps);
        Assert.All(lanes, lane => Assert.True(lane.Left <= 10, $"{lane} has {lane.Left} left"));
    }
}
