using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples.Churn;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class VersioningTests
{
    [Fact]
    public async Task Start_WhenStoredStateIsAnOlderVersionWithoutUpgrade_PausesOnlyThatProcessorAndSaysToRebuildIt()
    {
        await using var test = TestRuntime.Start([new ChurnDetection(), new TallyProcessor(version: 1)]);
        await History.FeedAsync(test, History.Days(3, 10));
        var liveV1 = await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name);
        var churnBefore = await test.Runtime.EncodedWorkersAsync(ChurnDetection.Name);

        await test.RestartAsync([new ChurnDetection(), new TallyProcessor(version: 2)]);
        await History.FeedAsync(test, History.Days(2, 10, seed: 3, firstDay: 3));
        var required = test.Runtime.RebuildsRequired();
        var whilePaused = await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name);
        var churnAfter = await test.Runtime.EncodedWorkersAsync(ChurnDetection.Name);
        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name)).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);
        await test.Runtime.DrainAsync();

        Assert.Equal([TallyProcessor.Name], required.Keys);
        Assert.Contains("replay start --processor tally", required[TallyProcessor.Name], StringComparison.Ordinal);
        Assert.Empty(whilePaused);
        Assert.NotEmpty(liveV1);
        Assert.NotEqual(churnBefore, churnAfter);
        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Empty(test.Runtime.RebuildsRequired());
        var rebuilt = await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name);
        Assert.All(rebuilt.Values, record => Assert.Contains("\"v\":2", record, StringComparison.Ordinal));
        Assert.All(rebuilt.Values, record => Assert.Contains("\"shape\":2", record, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WhenStoredStateIsAnOlderVersionWithAnUpgrade_MigratesEachWorkerWithoutARebuild()
    {
        await using var test = TestRuntime.Start([new TallyProcessor(version: 1)]);
        await History.FeedAsync(test, History.Days(3, 10));
        var key = (await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name)).Keys.First();
        var before = (await test.WorkerAsync(TallyProcessor.Name, key))!.EventsApplied;

        await test.RestartAsync([new TallyProcessor(version: 2, upgrades: true)]);
        await test.IngestAsync(Ce.Make("user_signin", key, Ce.T0.AddDays(3)));
        await test.Runtime.DrainAsync();

        Assert.Empty(test.Runtime.RebuildsRequired());
        Assert.Empty(test.Runtime.Replays());
        var worker = (await test.WorkerAsync(TallyProcessor.Name, key))!;
        Assert.Equal(before + 1, worker.EventsApplied);
        Assert.Equal(2, worker.State!.Value.GetProperty("shape").GetInt32());
    }
}
