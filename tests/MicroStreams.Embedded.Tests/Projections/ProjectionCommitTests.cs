using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Projections;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Tests.Projections;

public sealed class ProjectionCommitTests
{
    private static void Sql(TestRuntime test, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(test.DataPath, "state.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task DrainAsync_WhenProcessorsProject_CommitsTheirRowsWithTheBatch()
    {
        await using var test = TestRuntime.Start([new ChurnDetection(), new SalesMilestone()]);

        await test.IngestAsync(
            Ce.Make(EventTypes.UserCreated, "u1", Ce.T0, id: "c1"),
            Ce.Make(EventTypes.UserSignin, "u1", Ce.T0.AddMinutes(1), id: "s1"),
            Ce.Make(EventTypes.SaleComplete, "u1", Ce.T0.AddMinutes(2), """{"price":30}""", "p1"),
            Ce.Make(EventTypes.SaleComplete, "u1", Ce.T0.AddMinutes(3), """{"price":12.5}""", "p2"));
        await test.Runtime.DrainAsync();

        Assert.Contains("\"total\":42.5", (await test.Runtime.GetProjectionRowAsync("sales_totals", "u1"))!.Document, StringComparison.Ordinal);
        Assert.Contains("\"signIns\":1", (await test.Runtime.GetProjectionRowAsync("last_signin", "u1"))!.Document, StringComparison.Ordinal);
        Assert.Equal([new ProjectionInfo("last_signin", 1, 1), new ProjectionInfo("sales_totals", 1, 1)], await test.Runtime.ListProjectionsAsync());
    }

    [Fact]
    public async Task Commit_WhenTheTransactionFails_LeavesNeitherTheWorkerStateNorTheProjectionRows()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        Sql(test, "CREATE TRIGGER fail_checkpoint BEFORE INSERT ON checkpoints BEGIN SELECT RAISE(ABORT, 'simulated crash before the checkpoint'); END;");
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, id: "s1"));

        await Assert.ThrowsAnyAsync<SqliteException>(() => test.Runtime.DrainAsync());
        var rowAfterCrash = await test.Runtime.GetProjectionRowAsync("last_signin", "u1");
        var workerAfterCrash = await test.WorkerAsync(ChurnDetection.Name, "u1");
        Sql(test, "DROP TRIGGER fail_checkpoint");
        await test.RestartAsync();
        await test.Runtime.DrainAsync();

        Assert.Null(rowAfterCrash);
        Assert.Null(workerAfterCrash);
        Assert.NotNull(await test.Runtime.GetProjectionRowAsync("last_signin", "u1"));
        Assert.NotNull(await test.WorkerAsync(ChurnDetection.Name, "u1"));
    }

    [Fact]
    public async Task DrainAsync_WhenAUserChangesManyTimesInOneBatch_KeepsTheLastChange()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);

        await test.IngestAsync([.. Enumerable.Range(1, 50).Select(i => Ce.Make(EventTypes.UserSignin, "u1", Ce.T0.AddMinutes(i), id: $"s{i}"))]);
        await test.Runtime.DrainAsync();

        Assert.Contains("\"signIns\":50", (await test.Runtime.GetProjectionRowAsync("last_signin", "u1"))!.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchProjectionVersion_WhileLiveBatchesCommit_ReadersSeeTheOldVersionUntilTheSwitchThenOnlyTheNew()
    {
        await using var test = TestRuntime.Start([new ChurnDetection()]);
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "old", Ce.T0, id: "s1"));
        await test.Runtime.DrainAsync();
        var store = test.Runtime.ProjectionState;

        var next = store.NewProjectionVersion("last_signin");
        store.WriteProjectionVersion([new ProjectionChange("last_signin", "rebuilt", """{"user":"rebuilt"}""")], next, Ce.T0);
        var before = await test.Runtime.ScanProjectionAsync("last_signin", "", null, 10);
        store.SwitchProjectionVersion("last_signin", next, Ce.T0);
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "live", Ce.T0.AddMinutes(1), id: "s2"));
        await test.Runtime.DrainAsync();
        var after = await test.Runtime.ScanProjectionAsync("last_signin", "", null, 10);

        Assert.Equal(["old"], before.Rows.Select(r => r.Key));
        Assert.Equal(["live", "rebuilt"], after.Rows.Select(r => r.Key));
        Assert.Equal(new ProjectionInfo("last_signin", next, 2), Assert.Single(await test.Runtime.ListProjectionsAsync()));
    }
}
