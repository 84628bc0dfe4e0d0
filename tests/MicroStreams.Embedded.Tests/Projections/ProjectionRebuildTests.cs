using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Projections;
using Microsoft.Data.Sqlite;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Projections;

/// <summary>A rebuild writes its projections into a new version no reader sees, and makes it current with the switch.</summary>
public sealed class ProjectionRebuildTests
{
    [Fact]
    public async Task StartReplay_WhileTheNewVersionIsBuilt_ReadersSeeOnlyTheOldRowsThenOnlyTheNewOnesAfterTheSwitch()
    {
        await using var test = TestRuntime.Start([new TaggedTally("v1")]);
        var (id, before, hold) = await RebuildWaitingToSwitchAsync(test);
        using var held = hold;

        var during = await RowsAsync(test);
        var versionDuring = Assert.Single(await test.Runtime.ListProjectionsAsync()).Version;
        var unseenRows = RowsOfVersion(test, 2);
        held.Release();
        var done = await test.Runtime.WaitForReplayAsync(id);
        var after = await RowsAsync(test);

        Assert.NotEmpty(before);
        Assert.All(before.Values, row => Assert.Contains("\"tag\":\"v1\"", row, StringComparison.Ordinal));
        Assert.Equal(before, during);
        Assert.Equal(1, versionDuring);
        Assert.Equal(before.Count, unseenRows);
        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(after.Values, row => Assert.Contains("\"tag\":\"v2\"", row, StringComparison.Ordinal));
        Assert.Equal(new ProjectionInfo(TaggedTally.Projection, 2, before.Count), Assert.Single(await test.Runtime.ListProjectionsAsync()));
        Assert.Equal(0, RowsOfVersion(test, 1));
        Assert.Equal(2, done.ProjectionVersions![TaggedTally.Projection]);
    }

    [Fact]
    public async Task CancelReplay_WhileTheNewVersionIsBuilt_KeepsTheCurrentVersionAndDropsTheUnseenRows()
    {
        await using var test = TestRuntime.Start([new TaggedTally("v1")]);
        var (id, before, hold) = await RebuildWaitingToSwitchAsync(test);
        using var held = hold;

        var unseenRows = RowsOfVersion(test, 2);
        test.Runtime.CancelReplay(id);
        held.Release();
        var done = await test.Runtime.WaitForReplayAsync(id);

        Assert.Equal(before.Count, unseenRows);
        Assert.Equal(ReplayStatus.Cancelled, done!.Status);
        Assert.Equal(before, await RowsAsync(test));
        Assert.Equal(new ProjectionInfo(TaggedTally.Projection, 1, before.Count), Assert.Single(await test.Runtime.ListProjectionsAsync()));
        Assert.Equal(0, RowsOfVersion(test, 2));
    }

    [Fact]
    public async Task Start_WhenAStopCameBetweenASwitchAndTheDropOfTheReplacedVersion_DropsItsRows()
    {
        await using var test = TestRuntime.Start([new TaggedTally("v1")]);
        await History.FeedAsync(test, History.Days(2, 5));
        var rows = await RowsAsync(test);
        var store = test.Runtime.ProjectionState;
        store.WriteProjectionRows(rows.ToDictionary(r => (TaggedTally.Projection, r.Key), r => (string?)r.Value), new Dictionary<string, long> { [TaggedTally.Projection] = 2 }, Ce.T0);
        store.SwitchProjectionVersion(TaggedTally.Projection, 2, Ce.T0);
        store.WriteProjectionRows(rows.ToDictionary(r => (TaggedTally.Projection, r.Key), r => (string?)r.Value), new Dictionary<string, long> { [TaggedTally.Projection] = 1 }, Ce.T0);
        var leftBehind = RowsOfVersion(test, 1);

        await test.RestartAsync();

        Assert.Equal(rows.Count, leftBehind);
        Assert.Equal(0, RowsOfVersion(test, 1));
        Assert.Equal(rows, await RowsAsync(test));
    }

    [Fact]
    public async Task SwitchProjectionVersion_WithVersionsBelowAndAboveTheNewOne_DropsEveryRowOfBothSliceBySlice()
    {
        await using var test = TestRuntime.Start([new TaggedTally("v1")]);
        var store = test.Runtime.ProjectionState;
        // More rows than one drop slice (4,096), in a version below the one made current and one above it.
        foreach (var (version, count) in new[] { (1L, 9_000), (2L, 5_000), (3L, 4_097) })
        {
            var rows = Enumerable.Range(0, count).ToDictionary(i => (TaggedTally.Projection, $"user-{i:D5}"), i => (string?)$"{{\"v\":{version}}}");
            store.WriteProjectionRows(rows, new Dictionary<string, long> { [TaggedTally.Projection] = version }, Ce.T0);
        }

        store.SwitchProjectionVersion(TaggedTally.Projection, 2, Ce.T0);

        Assert.Equal(0, RowsOfVersion(test, 1));
        Assert.Equal(5_000, RowsOfVersion(test, 2));
        Assert.Equal(0, RowsOfVersion(test, 3));
    }

    /// <summary>
    /// Live rows from the v1 code, then v2 deployed and a rebuild of it started that has read history (and written its
    /// new version) and waits, with partition 0 held still, to switch. Returns the replay, the rows before it and the hold.
    /// </summary>
    private static async Task<(string Id, Dictionary<string, string> Before, PartitionHold Hold)> RebuildWaitingToSwitchAsync(TestRuntime test)
    {
        await History.FeedAsync(test, History.Days(5, 20));
        await test.RestartAsync([new TaggedTally("v2")]);
        var before = await RowsAsync(test);
        await test.Runtime.HoldPartitionAsync(0);
        var hold = new PartitionHold(test.Runtime, 0);
        try
        {
            var start = test.Runtime.StartReplay(new ReplayRequest(TaggedTally.Name));
            var started = start.View ?? throw new InvalidOperationException(start.Refusal!.Message);
            await test.Runtime.ReplaySwitchingAsync(started.Id);
            return (started.Id, before, hold);
        }
        catch
        {
            hold.Release();
            throw;
        }
    }

    /// <summary>A partition held still by the test, released once (at the latest when disposed, so a failing test cannot leave the runtime unable to stop).</summary>
    private sealed class PartitionHold(EmbeddedRuntime runtime, int partition) : IDisposable
    {
        private bool _released;

        public void Release()
        {
            if (!_released)
            {
                _released = true;
                runtime.ReleasePartition(partition);
            }
        }

        public void Dispose() => Release();
    }

    private static async Task<Dictionary<string, string>> RowsAsync(TestRuntime test)
    {
        var page = await test.Runtime.ScanProjectionAsync(TaggedTally.Projection, "", null, 1000);
        return page.Rows.ToDictionary(r => r.Key, r => r.Document, StringComparer.Ordinal);
    }

    /// <summary>Rows stored for a version, seen or not: what no reader can ask for.</summary>
    private static long RowsOfVersion(TestRuntime test, long version)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(test.DataPath, "state.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM projection_rows WHERE projection=$p AND version=$v";
        command.Parameters.AddWithValue("$p", TaggedTally.Projection);
        command.Parameters.AddWithValue("$v", version);
        return (long)command.ExecuteScalar()!;
    }
}
