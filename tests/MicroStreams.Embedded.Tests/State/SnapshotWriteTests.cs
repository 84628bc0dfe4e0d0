using MicroStreams.Embedded;
using MicroStreams.Embedded.State;
using Xunit;

namespace MicroStreams.Embedded.Tests.State;

/// <summary>The snapshot upsert: a rewrite of a record updates its body in place, and a record stored under another partition moves.</summary>
public sealed class SnapshotWriteTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ms-snapshots-{Guid.NewGuid():N}.db");

    [Fact]
    public void ARewrittenRecordHasItsNewBody()
    {
        using var store = new StateStore(_path, Durability.Normal);
        Snapshot(store, 1, ("a", [1]), ("b", [2]));
        Snapshot(store, 1, ("a", [3]));

        Assert.Equal([[3], [2]], Bodies(store, 1));
    }

    [Fact]
    public void ARecordWrittenFromAnotherPartitionMovesThere()
    {
        using var store = new StateStore(_path, Durability.Normal);
        Snapshot(store, 1, ("a", [1]), ("b", [2]));
        Snapshot(store, 2, ("a", [3]));

        Assert.Equal([[2]], Bodies(store, 1));
        Assert.Equal([[3]], Bodies(store, 2));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static void Snapshot(StateStore store, int partition, params (string Key, byte[] Body)[] records)
    {
        var commit = new PartitionCommit(partition) { Snapshot = [.. records.Select(r => ("p", r.Key, r.Body))] };
        store.Commit(commit, Now);
    }

    private static List<byte[]> Bodies(StateStore store, int partition)
    {
        var bodies = new List<byte[]>();
        store.Workers.ReadWorkerRecords(partition, (body, _) => bodies.Add(body));
        return bodies;
    }
}
