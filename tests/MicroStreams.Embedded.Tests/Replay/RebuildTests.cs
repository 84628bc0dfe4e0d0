using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class RebuildTests
{
    private static IProcessor[] Processors() => [new ChurnDetection(), new SalesMilestone(), new TallyProcessor()];

    [Fact]
    public async Task StartReplay_WhileLiveIngestContinues_EndsWithTheLiveStateAndProjectionAndDeliversNoEffectTwice()
    {
        await using var control = TestRuntime.Start(Processors());
        await using var test = TestRuntime.Start(Processors());
        var first = History.Days(20, 30);
        var second = History.Days(10, 30, seed: 12, firstDay: 20);
        await History.FeedAsync(control, first.Concat(second));
        await History.FeedAsync(test, first);

        var churnStart = test.Runtime.StartReplay(new ReplayRequest(ChurnDetection.Name));
        var churn = churnStart.View;
        var tally = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name)).View;
        await History.FeedAsync(test, second);
        var churnDone = await test.Runtime.WaitForReplayAsync(churn!.Id);
        var tallyDone = await test.Runtime.WaitForReplayAsync(tally!.Id);
        await control.AdvanceAndDrainAsync(TimeSpan.FromDays(30));
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(30));

        Assert.Null(churnStart.Refusal);
        Assert.Equal((ReplayStatus.Completed, ReplayStatus.Completed), (churnDone!.Status, tallyDone!.Status));
        Assert.True(tallyDone.EffectsSuppressed > 0, "the rebuild decided effects (and suppressed them)");
        foreach (var name in new[] { ChurnDetection.Name, TallyProcessor.Name, SalesMilestone.Name })
        {
            Assert.Equal(await control.Runtime.EncodedWorkersAsync(name), await test.Runtime.EncodedWorkersAsync(name));
        }

        Assert.Equal(await ProjectionAsync(control), await ProjectionAsync(test));
        var delivered = test.Email.Attempts.Concat(test.Test.Attempts).Select(a => a.Effect.Id).ToList();
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(control.Email.Delivered.Concat(control.Test.Delivered).Select(e => e.Id).Order(), delivered.Order());
        Assert.All((await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name, withGeneration: true)).Values, record => Assert.Contains("\"g\":1", record, StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, string>> ProjectionAsync(TestRuntime test)
    {
        var page = await test.Runtime.ScanProjectionAsync(ChurnDetection.LastSignInProjection, "", null, 1000);
        Assert.NotEmpty(page.Rows);
        return page.Rows.ToDictionary(r => r.Key, r => r.Document, StringComparer.Ordinal);
    }

    [Fact]
    public async Task StartReplay_OfTheExampleProcessorsOverTheWholeLog_GivesByteIdenticalWorkerRecords()
    {
        await using var test = TestRuntime.Start(Processors());
        await History.FeedAsync(test, History.Days(40, 40, seed: 5));
        var names = new[] { ChurnDetection.Name, SalesMilestone.Name, TallyProcessor.Name };
        var live = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var name in names)
        {
            live[name] = await test.Runtime.EncodedWorkersAsync(name);
        }

        foreach (var name in names)
        {
            var started = test.Runtime.StartReplay(new ReplayRequest(name)).View;
            Assert.Equal(ReplayStatus.Completed, (await test.Runtime.WaitForReplayAsync(started!.Id))!.Status);
        }

        await test.RestartAsync();

        foreach (var name in names)
        {
            var rebuilt = await test.Runtime.EncodedWorkersAsync(name, withGeneration: true);
            Assert.NotEmpty(rebuilt);
            Assert.All(rebuilt.Values, record => Assert.Contains("\"g\":1", record, StringComparison.Ordinal));
            Assert.Equal(live[name], await test.Runtime.EncodedWorkersAsync(name));
        }
    }

    [Fact]
    public async Task CancelReplay_WhileRebuilding_StopsAndLeavesTheLiveGenerationInPlace()
    {
        using var gate = new ManualResetEventSlim(true);
        await using var test = TestRuntime.Start([new TallyProcessor(gate: gate)]);
        await History.FeedAsync(test, History.Days(5, 20));
        var before = await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name, withGeneration: true);
        gate.Reset();

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name)).View;
        var cancelled = test.Runtime.CancelReplay(started!.Id);
        gate.Set();
        var done = await test.Runtime.WaitForReplayAsync(started.Id);

        Assert.True(cancelled);
        Assert.Equal(ReplayStatus.Cancelled, done!.Status);
        Assert.Equal(ReplayStatus.Cancelled, test.Runtime.Replays().Single().Status);
        Assert.Equal(before, await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name, withGeneration: true));
        Assert.False(test.Runtime.CancelReplay(started.Id));
    }

    [Fact]
    public async Task Start_WhenANewProcessorStartsFromTheBeginning_BackfillsItFromTheLogWithoutSendingItsEffects()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        await History.FeedAsync(test, History.Days(10, 20));
        await using var control = TestRuntime.Start([new ChurnDetection(), new BackfilledTally()]);
        await History.FeedAsync(control, History.Days(10, 20));
        var controlTally = await control.Runtime.EncodedWorkersAsync(TallyProcessor.Name);

        await test.RestartAsync([new ChurnDetection(), new BackfilledTally()]);
        var backfill = Assert.Single(test.Runtime.Replays());
        var done = await test.Runtime.WaitForReplayAsync(backfill.Id);
        await test.Runtime.DrainAsync();

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Contains("backfill", done.Reason, StringComparison.Ordinal);
        Assert.Empty(test.Test.Attempts);
        Assert.Equal(controlTally, await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name));
    }
}
