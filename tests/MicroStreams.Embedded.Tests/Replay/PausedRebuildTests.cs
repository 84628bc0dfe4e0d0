using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples.Churn;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// A paused processor (a backfill, a rebuild the state version requires) skips its events while the partition
/// checkpoint moves on, so only a rebuild that covers the whole log may unpause it. Whatever happens to such a
/// rebuild, every appended event is applied once to its worker, or the processor is still listed as needing a rebuild.
/// </summary>
public sealed class PausedRebuildTests
{
    [Fact]
    public async Task CancelReplay_OfABackfill_KeepsTheProcessorPausedAcrossARestartUntilARebuildAppliesEveryEvent()
    {
        using var gate = new ManualResetEventSlim(true);
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        var history = History.Days(30, 20);
        await History.FeedAsync(test, history.Where(e => e.Time < Ce.T0.AddDays(10)));
        gate.Reset();
        await test.RestartAsync([new ChurnDetection(), new BackfilledTally(gate)]);
        var backfill = Assert.Single(test.Runtime.Replays());

        var cancelled = test.Runtime.CancelReplay(backfill.Id);
        gate.Set();
        var stopped = await test.Runtime.WaitForReplayAsync(backfill.Id);
        await History.FeedAsync(test, history.Where(e => e.Time >= Ce.T0.AddDays(10) && e.Time < Ce.T0.AddDays(20)));
        await test.RestartAsync();
        await History.FeedAsync(test, history.Where(e => e.Time >= Ce.T0.AddDays(20)));
        var afterRestart = await MissedEventsAsync(test, history);
        var rebuild = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name)).View;
        var rebuilt = await test.Runtime.WaitForReplayAsync(rebuild!.Id);

        Assert.True(cancelled);
        Assert.Equal(ReplayStatus.Cancelled, stopped!.Status);
        Assert.Equal([], afterRestart);
        Assert.Equal(ReplayStatus.Completed, rebuilt!.Status);
        Assert.Equal([], await MissedEventsAsync(test, history));
        Assert.DoesNotContain(TallyProcessor.Name, test.Runtime.RebuildsRequired().Keys);
    }

    [Theory]
    [InlineData("u00", null)]
    [InlineData(null, 1L)]
    public async Task StartReplay_OfAPausedProcessorForSomeKeysOrFromAPosition_IsRefused(string? keyPrefix, long? fromSequence)
    {
        using var gate = new ManualResetEventSlim(true);
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        var history = History.Days(10, 20);
        await History.FeedAsync(test, history);
        gate.Reset();
        await test.RestartAsync([new ChurnDetection(), new BackfilledTally(gate)]);
        var backfill = Assert.Single(test.Runtime.Replays());
        test.Runtime.CancelReplay(backfill.Id);
        gate.Set();
        await test.Runtime.WaitForReplayAsync(backfill.Id);

        var partial = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { KeyPrefix = keyPrefix, FromSequence = fromSequence });
        var full = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name)).View;
        await test.Runtime.WaitForReplayAsync(full!.Id);

        Assert.Null(partial.View);
        Assert.Equal(ReplayRefusalReason.NeedsFullRebuild, partial.Refusal!.Reason);
        Assert.Contains("needs a full rebuild", partial.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal([], await MissedEventsAsync(test, history));
    }

    /// <summary>
    /// Users whose tally does not show each of their sign-ins applied once (expected vs applied), unless the tally is
    /// listed as needing a rebuild (its events are then owed to that rebuild, not lost). The tally never fails, so no
    /// event of it is in the dead-letter store.
    /// </summary>
    private static async Task<List<string>> MissedEventsAsync(TestRuntime test, List<(DateTimeOffset Time, ReadOnlyMemory<byte> Event)> history)
    {
        if (test.Runtime.RebuildsRequired().ContainsKey(TallyProcessor.Name))
        {
            return [];
        }

        var missed = new List<string>();
        foreach (var (user, signIns) in History.SignInsPerUser(history))
        {
            var worker = await test.WorkerAsync(TallyProcessor.Name, user);
            if (worker?.EventsApplied != signIns)
            {
                missed.Add($"{user}: {worker?.EventsApplied ?? 0} of {signIns}");
            }
        }

        return missed;
    }
}
