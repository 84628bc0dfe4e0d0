using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Tests.State;

/// <summary>
/// A statement that fails inside a consumer's commit, after some of the batch's rows are written (a trigger planted by
/// the test): the checkpoint, worker records, outbox and dead letters stay exactly as they were, and once the fault is
/// gone the batch is applied exactly once, as by a runtime that never failed.
/// </summary>
public sealed class CommitFaultTests
{
    private static readonly ReadOnlyMemory<byte>[] Committed =
    [
        Ce.Probe("u1", "a1", Ce.T0, """{"do":"send"}"""),
        Ce.Probe("q1", "a2", Ce.T0, """{"do":"throw"}"""),
    ];

    /// <summary>One batch that writes every kind of row: changed and new workers, two effects, two dead letters.</summary>
    private static readonly ReadOnlyMemory<byte>[] Batch =
    [
        Ce.Probe("u1", "b1", Ce.T0, """{"do":"send","count":2}"""),
        Ce.Probe("u2", "b2", Ce.T0, """{"do":"set","minutes":30}"""),
        Ce.Probe("q2", "b3", Ce.T0, """{"do":"throw"}"""),
        Ce.Probe("q1", "b4", Ce.T0),
    ];

    [Theory]
    [InlineData("worker_changes", 200_000)]
    [InlineData("worker_snapshots", 1)]
    [InlineData("outbox", 200_000)]
    [InlineData("dead_letters", 200_000)]
    [InlineData("checkpoints", 200_000)]
    public async Task DrainAsync_WhenAStatementFailsInsideTheCommit_ChangesNoRowAndAppliesTheBatchOnceWhenTheFaultIsGone(string table, int compactAfterChanges)
    {
        await using var test = await StartAsync(compactAfterChanges);
        await using var reference = await StartAsync(compactAfterChanges);
        var before = StateDb.Dump(test);
        var deliveredBefore = test.Test.Delivered.Count;
        PlantFault(test, table);

        await test.IngestAsync(Batch);
        var failure = await Assert.ThrowsAnyAsync<SqliteException>(() => test.Runtime.DrainAsync());

        Assert.Contains("injected fault", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateDb.Dump(test));
        Assert.Equal(deliveredBefore, test.Test.Delivered.Count);
        Assert.Equal(["e:a1"], Seen(await test.WorkerAsync("probe", "u1")));

        StateDb.Execute(test, "DROP TRIGGER IF EXISTS fault_insert; DROP TRIGGER IF EXISTS fault_update;");
        await test.Runtime.DrainAsync();
        await reference.IngestAsync(Batch);
        await reference.Runtime.DrainAsync();

        Assert.Equal(["e:a1", "e:b1"], Seen(await test.WorkerAsync("probe", "u1")));
        Assert.Equal(StateDb.Dump(reference), StateDb.Dump(test));
        Assert.Equal(reference.Test.Delivered.Select(e => e.Id), test.Test.Delivered.Select(e => e.Id));
        Assert.Equal(3, test.Test.Delivered.Select(e => e.Id).Distinct().Count());
        Assert.Equal(3, StateDb.Count(test, "dead_letters"));
        Assert.Equal(Batch.Length + Committed.Length, Assert.Single(test.Runtime.Partitions()).Checkpoint);
    }

    private static async Task<TestRuntime> StartAsync(int compactAfterChanges)
    {
        var test = TestRuntime.Start([new ProbeProcessor()], o =>
        {
            o.Partitions = 1;
            o.CompactAfterChanges = compactAfterChanges;
        });
        await test.IngestAsync(Committed);
        await test.Runtime.DrainAsync();
        return test;
    }

    /// <summary>
    /// Fails the statement that writes the batch's first row of <paramref name="table"/> (worker changes, checkpoint),
    /// or its second (a new worker's snapshot, an effect, a dead letter), so the rows before it are already written.
    /// </summary>
    private static void PlantFault(TestRuntime test, string table)
    {
        const string Raise = "BEGIN SELECT RAISE(ABORT, 'injected fault'); END;";
        var second = $"WHEN (SELECT count(*) FROM {table}) > {StateDb.Count(test, table)}";
        StateDb.Execute(test, table switch
        {
            "worker_changes" => $"CREATE TRIGGER fault_insert BEFORE INSERT ON {table} {Raise}",
            "checkpoints" => $"CREATE TRIGGER fault_insert BEFORE INSERT ON {table} {Raise} CREATE TRIGGER fault_update BEFORE UPDATE ON {table} {Raise}",
            _ => $"CREATE TRIGGER fault_insert BEFORE INSERT ON {table} {second} {Raise}",
        });
    }

    private static IEnumerable<string?> Seen(WorkerView? worker) =>
        worker!.State!.Value.GetProperty("seen").EnumerateArray().Select(x => x.GetString());
}
