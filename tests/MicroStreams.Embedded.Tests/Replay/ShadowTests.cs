using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class ShadowTests
{
    [Fact]
    public async Task StartReplay_WithAShadowOfChangedCode_ReportsDifferingWorkersAndEffectsAndDeliversNothing()
    {
        await using var test = TestRuntime.Start([new TallyProcessor(effectEvery: 3)]);
        await History.FeedAsync(test, History.Days(20, 20));
        var deliveredBefore = test.Test.Attempts.Count;
        var live = await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name, withGeneration: true);

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { Shadow = true, ShadowProcessor = new TallyProcessor(effectEvery: 2) }, out _);
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);
        await test.Runtime.DrainAsync();

        var diff = done!.Diff!;
        Assert.Equal(ReplayStatus.Completed, done.Status);
        Assert.True(diff.WorkersDiffering > 0, "EffectsSent differs for keys with two or more sign-ins");
        Assert.True(diff.EffectsOnlyInShadow > 0);
        Assert.True(diff.EffectsOnlyInLive > 0);
        Assert.All(diff.OnlyInLive, e => Assert.Contains("\"count\":", e.Payload, StringComparison.Ordinal));
        Assert.Equal(deliveredBefore, test.Test.Attempts.Count);
        Assert.Equal(live, await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name, withGeneration: true));
    }

    [Fact]
    public async Task StartReplay_WithAShadowOfTheLiveCode_FindsNoDifference()
    {
        await using var test = TestRuntime.Start([new TallyProcessor()]);
        await History.FeedAsync(test, History.Days(20, 20));

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { Shadow = true }, out _);
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.True(done.Diff!.WorkersCompared > 0);
        Assert.True(done.Diff.IsEmpty, ReplayJson.Write(done));
    }
}
