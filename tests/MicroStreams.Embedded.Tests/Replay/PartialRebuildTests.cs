using MicroStreams.Examples;
using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.Projections;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// Rebuilds of some keys (<c>--keys PREFIX</c>) and from a position (<c>--from SEQUENCE|TIME</c>). A key-prefix rebuild
/// replaces only the workers with that prefix; the others keep the live generation. A rebuild from a position applies
/// only the records from there on, to workers that start empty (no state as of an earlier position is kept anywhere),
/// so a worker with no record from there on is not in the new generation.
/// </summary>
public sealed class PartialRebuildTests
{
    [Theory]
    [InlineData("42", 42L, null)]
    [InlineData("0", 0L, null)]
    [InlineData("2025-03-06T00:00:00Z", null, "2025-03-06T00:00:00+00:00")]
    [InlineData("2025-03-06T01:00:00+01:00", null, "2025-03-06T00:00:00+00:00")]
    [InlineData("2025-03-06", null, "2025-03-06T00:00:00+00:00")]
    public void StartingAt_WhenGivenASequenceOrATime_SetsThatStartPosition(string text, long? sequence, string? time)
    {
        var request = new ReplayRequest("tally").StartingAt(text);

        Assert.Equal(sequence, request.FromSequence);
        Assert.Equal(time is null ? null : DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), request.FromTime);
        Assert.False(request.CoversEverything);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("yesterday")]
    [InlineData("12abc")]
    public void StartingAt_WhenNeitherASequenceNorATime_Throws(string text) =>
        Assert.Throws<FormatException>(() => new ReplayRequest("tally").StartingAt(text));

    [Fact]
    public async Task StartReplay_WithAKeyPrefix_RebuildsOnlyThoseWorkersAndTheOthersKeepTheLiveGeneration()
    {
        await using var test = TestRuntime.Start([new TaggedTally("v1")]);
        await History.FeedAsync(test, History.Days(6, 20));
        var before = await test.Runtime.EncodedWorkersAsync(TaggedTally.Name, withGeneration: true);
        await test.RestartAsync([new TaggedTally("v2")]);

        var started = test.Runtime.StartReplay(new ReplayRequest(TaggedTally.Name) { KeyPrefix = "u00" }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);
        var after = await test.Runtime.EncodedWorkersAsync(TaggedTally.Name, withGeneration: true);
        var rows = (await test.Runtime.ScanProjectionAsync(TaggedTally.Projection, "", null, 1000)).Rows;

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Equal(before.Keys, after.Keys);
        Assert.Contains(after.Keys, key => key.StartsWith("u00", StringComparison.Ordinal));
        Assert.Contains(after.Keys, key => !key.StartsWith("u00", StringComparison.Ordinal));
        Assert.All(after.Where(w => w.Key.StartsWith("u00", StringComparison.Ordinal)), w => Assert.Contains("\"g\":1", w.Value, StringComparison.Ordinal));
        Assert.All(after.Where(w => !w.Key.StartsWith("u00", StringComparison.Ordinal)), w => Assert.Equal(before[w.Key], w.Value));
        Assert.All(rows, row => Assert.Contains(row.Key.StartsWith("u00", StringComparison.Ordinal) ? "\"tag\":\"v2\"" : "\"tag\":\"v1\"", row.Document, StringComparison.Ordinal));
        Assert.Equal(1, Assert.Single(await test.Runtime.ListProjectionsAsync()).Version);
    }

    [Fact]
    public async Task StartReplay_FromATime_RebuildsEveryWorkerFromTheRecordsAppendedSinceStartingEmpty()
    {
        await using var test = TestRuntime.Start([new TallyProcessor()]);
        var history = History.Days(10, 20);
        await History.FeedAsync(test, history);
        var from = new DateTimeOffset(Ce.T0.Date, TimeSpan.Zero).AddDays(5);

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { FromTime = from }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        // History.FeedAsync appends each day's events at the start of that day: appended at or after `from` is day 5 on.
        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Equal(History.SignInsPerUser(history.Where(e => e.Time >= from)), await AppliedPerUserAsync(test));
    }

    [Fact]
    public async Task StartReplay_FromASequence_RebuildsEveryWorkerFromThatRecordOnStartingEmpty()
    {
        await using var test = TestRuntime.Start([new TallyProcessor()], options => options.Partitions = 1);
        var history = History.Days(10, 20);
        var cut = Ce.T0.AddDays(4);
        await History.FeedAsync(test, history.Where(e => e.Time < cut));
        var from = test.Runtime.Log.Head(0) + 1;
        await History.FeedAsync(test, history.Where(e => e.Time >= cut));

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { FromSequence = from }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Equal(History.SignInsPerUser(history.Where(e => e.Time >= cut)), await AppliedPerUserAsync(test));
    }

    /// <summary>
    /// The switch overwrites the records of keys the new generation has again and deletes the others: after a restart
    /// (which loads the snapshot) a user seen only before the position is gone, and every other one has the rebuilt record.
    /// </summary>
    [Fact]
    public async Task StartReplay_FromASequence_LeavesNoRecordOfAKeyOnlySeenBeforeItAfterARestart()
    {
        await using var test = TestRuntime.Start([new TallyProcessor()], options => options.Partitions = 1);
        var history = History.Days(10, 20);
        var cut = Ce.T0.AddDays(4);
        var early = (Time: Ce.T0.AddHours(1), Event: Ce.Make(EventTypes.UserSignin, "u-early", Ce.T0.AddHours(1), """{"email":"e@example.com"}""", id: "s-early"));
        await History.FeedAsync(test, history.Where(e => e.Time < cut).Append(early).OrderBy(e => e.Time));
        var from = test.Runtime.Log.Head(0) + 1;
        await History.FeedAsync(test, history.Where(e => e.Time >= cut));
        Assert.NotNull(await test.WorkerAsync(TallyProcessor.Name, "u-early"));
        await test.RestartAsync(); // stopping compacts: every record is now in the snapshot table, which the switch must clean

        var started = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { FromSequence = from }).View;
        Assert.Equal(ReplayStatus.Completed, (await test.Runtime.WaitForReplayAsync(started!.Id))!.Status);
        await test.RestartAsync();

        Assert.Null(await test.WorkerAsync(TallyProcessor.Name, "u-early"));
        Assert.Equal(History.SignInsPerUser(history.Where(e => e.Time >= cut)), await AppliedPerUserAsync(test));
    }

    private static async Task<SortedDictionary<string, long>> AppliedPerUserAsync(TestRuntime test)
    {
        var applied = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in (await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name)).Keys)
        {
            applied[key] = (await test.WorkerAsync(TallyProcessor.Name, key))!.EventsApplied;
        }

        return applied;
    }
}
