namespace MicroStreams.Embedded.State;

/// <summary>The snapshot records of several partition commits, each list already in (processor, key) order, merged into one such order.</summary>
internal static class SnapshotOrder
{
    public static IEnumerable<(int Partition, (string Processor, string Key, byte[] Body) Record)> Merge(IReadOnlyList<PartitionCommit> commits)
    {
        var next = new PriorityQueue<(int Commit, int Index), (string Processor, string Key)>(commits.Count, KeyOrder.Instance);
        for (var i = 0; i < commits.Count; i++)
        {
            if (commits[i].Snapshot is { Count: > 0 } snapshot)
            {
                next.Enqueue((i, 0), (snapshot[0].Processor, snapshot[0].Key));
            }
        }

        while (next.TryDequeue(out var at, out _))
        {
            var commit = commits[at.Commit];
            var snapshot = commit.Snapshot!;
            yield return (commit.Partition, snapshot[at.Index]);
            if (at.Index + 1 < snapshot.Count)
            {
                var record = snapshot[at.Index + 1];
                next.Enqueue((at.Commit, at.Index + 1), (record.Processor, record.Key));
            }
        }
    }

    private sealed class KeyOrder : IComparer<(string Processor, string Key)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Processor, string Key) x, (string Processor, string Key) y)
        {
            var byProcessor = string.CompareOrdinal(x.Processor, y.Processor);
            return byProcessor != 0 ? byProcessor : string.CompareOrdinal(x.Key, y.Key);
        }
    }
}
