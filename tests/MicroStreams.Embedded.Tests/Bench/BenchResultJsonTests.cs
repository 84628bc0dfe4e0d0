using MicroStreams.Cli.Bench;

namespace MicroStreams.Embedded.Tests.Bench;

/// <summary>A multi-workload bench gathers its children's results from the JSON lines they print.</summary>
public sealed class BenchResultJsonTests
{
    [Fact]
    public void A_printed_line_reads_back_as_the_same_result()
    {
        var result = new BenchResult
        {
            Workload = "LAT",
            Target = "embedded",
            Durability = "Full",
            Events = 35_000,
            Seconds = 35.1,
            Rate = 1_000,
            Unit = "events/s offered",
            CpuSecondsPerMillion = 934.4,
            PeakRssBytes = 348_303_360,
            Latency = new LatencySummary(4.97, 33.39, 90.9, 124.9),
            GoalP99Milliseconds = 3,
            Note = "open loop, \"quoted\" — and not ASCII",
        };

        var read = BenchResult.FromJson(result.ToJson());

        Assert.Equal(result, read);
        Assert.False(read!.MeetsGoal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"workload\":\"W1\"}")]
    public void A_line_that_is_not_a_result_reads_as_none(string line) => Assert.Null(BenchResult.FromJson(line));
}
