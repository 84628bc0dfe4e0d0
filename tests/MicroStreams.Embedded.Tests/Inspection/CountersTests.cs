using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples.Churn;

namespace MicroStreams.Embedded.Tests.Inspection;

public sealed class CountersTests
{
    [Fact]
    public async Task CountersAndPartitions_AfterSignInsOfTwoUsers_CountTheirWorkersAndArmedTimers()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);

        await test.IngestAsync(Ce.Make("user_signin", "u1", Ce.T0), Ce.Make("user_signin", "u2", Ce.T0));
        await test.Runtime.DrainAsync();

        Assert.Equal(2, test.Runtime.Counters().Workers);
        Assert.True(test.Runtime.Partitions().Sum(p => p.ArmedTimers) >= 2);
    }
}
