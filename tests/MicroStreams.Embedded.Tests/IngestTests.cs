using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;

namespace MicroStreams.Embedded.Tests;

public sealed class IngestTests
{
    [Fact]
    public async Task IngestAsync_WhenOneEventIsInvalid_AppendsNothingAndNamesItsIndexAndField()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        ReadOnlyMemory<byte>[] events =
        [
            Ce.Make(EventTypes.UserSignin, "u1", Ce.T0),
            """{"specversion":"1.0","id":"x","source":"s","subject":"u2"}"""u8.ToArray(),
            Ce.Make(EventTypes.UserSignin, "u3", Ce.T0),
            "{ not json"u8.ToArray(),
        ];

        var result = await test.Runtime.IngestAsync(events);

        Assert.False(result.Accepted);
        Assert.Equal([(1, "type"), (3, "$")], result.Rejections.Select(r => (r.Index, r.Rejection.Field)));
        Assert.All(test.Runtime.Partitions(), p => Assert.Equal(0, p.Head));
    }

    [Fact]
    public async Task IngestAsync_WhenAnAcknowledgedBatchIsRetried_DropsEveryDuplicate()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        ReadOnlyMemory<byte>[] batch = [Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, id: "a"), Ce.Make(EventTypes.UserSignin, "u2", Ce.T0, id: "b")];
        await test.IngestAsync(batch);

        var retry = await test.IngestAsync([batch[1], Ce.Make(EventTypes.UserSignin, "u3", Ce.T0, id: "c"), batch[0]]);

        Assert.Equal((1, 2), (retry.Appended, retry.Duplicates));
        Assert.Equal([false, true, false], retry.Positions.Select(p => p is not null));
        Assert.Equal(3, test.Runtime.Partitions().Sum(p => p.Head));
    }

    [Fact]
    public async Task IngestAsync_WhenRetriedAfterARestart_StillDropsTheDuplicates()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        var signIn = Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, id: "a");
        await test.IngestAsync(signIn);
        await test.RestartAsync();

        var retry = await test.IngestAsync(signIn);

        Assert.Equal(1, retry.Duplicates);
        Assert.Equal(1, test.Runtime.Partitions().Sum(p => p.Head));
    }

    [Fact]
    public async Task IngestAsync_WhenTheSameIdComesTwiceInOneBatch_AppendsItOnce()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);

        var receipt = await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, id: "a"), Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, id: "a"));

        Assert.Equal((1, 1), (receipt.Appended, receipt.Duplicates));
    }

    [Fact]
    public async Task Start_WhenPartitionCountDiffersFromTheData_FailsWithAClearMessage()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        var options = test.Options();
        options.Partitions = 6;

        var act = () => EmbeddedRuntime.Start(options, [new ChurnDetection()], [], test.Clock);

        var error = Assert.Throws<InvalidOperationException>(act);
        Assert.Contains("has 4 partitions but 6 were configured", error.Message, StringComparison.Ordinal);
    }
}
