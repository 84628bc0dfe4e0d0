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

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { Shadow = true, ShadowProcessor = new TallyProcessor(effectEvery: 2) }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);
        await test.Runtime.DrainAsync();

        var diff = done!.Diff!;
        Assert.Equal(ReplayStatus.Completed, done.Status);
        Assert.True(diff.WorkersDiffering > 0, "EffectsSent differs for keys with two or more sign-ins");
        Assert.True(diff.EffectsOnlyInShadow > 0);
        Assert.True(diff.EffectsOnlyInLive > 0);
        Assert.All(diff.OnlyInLive, e => Assert.True(e.Payload.TryGetProperty("count", out _) || e.Payload.TryGetProperty("reminder", out _), e.Payload.GetRawText()));
        Assert.Equal(deliveredBefore, test.Test.Attempts.Count);
        Assert.Equal(live, await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name, withGeneration: true));
    }

    [Fact]
    public async Task StartReplay_WithAShadowAfterTheCodeChanged_ComparesWithWhatTheLiveGenerationDecidedBothWays()
    {
        await using var test = TestRuntime.Start([new TallyProcessor(effectEvery: 3)]);
        await History.FeedAsync(test, History.Days(20, 20));
        await test.RestartAsync([new TallyProcessor(effectEvery: 2)]); // the deployed code changed; history was decided by the old one

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { Shadow = true }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        var diff = done!.Diff!;
        Assert.Equal(ReplayStatus.Completed, done.Status);
        Assert.True(diff.EffectsOnlyInShadow > 0, ReplayJson.Write(done));
        Assert.True(diff.EffectsOnlyInLive > 0, ReplayJson.Write(done));
        var counted = diff.OnlyInShadow.Where(e => e.Payload.TryGetProperty("count", out _)).Select(e => e.Payload.GetProperty("count").GetInt32()).ToList();
        var sent = diff.OnlyInLive.Where(e => e.Payload.TryGetProperty("count", out _)).Select(e => e.Payload.GetProperty("count").GetInt32()).ToList();
        Assert.Contains(2, counted);
        Assert.All(counted, c => Assert.True(c % 2 == 0 && c % 3 != 0, $"only the new code sends at {c}"));
        Assert.Contains(3, sent);
        Assert.All(sent, c => Assert.True(c % 3 == 0 && c % 2 != 0, $"only the old code sent at {c}"));
        Assert.All(diff.OnlyInShadow.Concat(diff.OnlyInLive), e => Assert.Equal("test", e.Channel));
    }

    [Fact]
    public async Task ShadowDiff_IsWrittenForTheProcessorsAuthor_StateAsItsJsonPayloadsAsJsonAndIsoTimes()
    {
        await using var test = TestRuntime.Start([new TallyProcessor(effectEvery: 3)]);
        await History.FeedAsync(test, History.Days(10, 10));
        await test.RestartAsync([new TallyProcessor(effectEvery: 2)]);

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { Shadow = true }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        var json = System.Text.Json.JsonDocument.Parse(ReplayJson.Write(done!)).RootElement.GetProperty("diff");
        var worker = json.GetProperty("workers")[0];
        Assert.True(worker.GetProperty("live").GetProperty("state").GetProperty("count").GetInt32() > 0, worker.GetRawText());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", worker.GetProperty("live").GetProperty("lastChangedAt").GetString());
        Assert.True(worker.GetProperty("live").GetProperty("effectsSent").GetInt64() != worker.GetProperty("shadow").GetProperty("effectsSent").GetInt64());
        var effect = json.GetProperty("onlyInShadow")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Object, effect.GetProperty("payload").ValueKind);
        Assert.StartsWith("2025-", effect.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("test", effect.GetProperty("channel").GetString());
        Assert.DoesNotContain("\"ticks\"", worker.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StartReplay_WithAShadowOfTheLiveCode_FindsNoDifference()
    {
        await using var test = TestRuntime.Start([new TallyProcessor()]);
        await History.FeedAsync(test, History.Days(20, 20));

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { Shadow = true }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.True(done.Diff!.WorkersCompared > 0);
        Assert.True(done.Diff.IsEmpty, ReplayJson.Write(done));
    }
}
