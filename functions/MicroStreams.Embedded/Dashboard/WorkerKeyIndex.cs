using MicroStreams.Workers;

namespace MicroStreams.Embedded.Dashboard;

/// <summary>
/// Every worker key of every processor in ordinal order, with its partition: what makes the workers list a binary search
/// and a page of lookups instead of a walk over every worker per request. Workers live in the consumers' hash maps, so
/// the index is a copy, rebuilt when it is older than <see cref="MaxAge"/> and the number of workers changed since, and
/// at least every <see cref="MaxAgeUnchanged"/> (a rebuild replaces workers without changing their number).
/// </summary>
internal sealed class WorkerKeyIndex
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxAgeUnchanged = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (string Key, int Partition)[]> _byProcessor;

    public WorkerKeyIndex(IEnumerable<(WorkerId Id, int Partition)> workers, long workerCount, long builtAtTicks)
    {
        _byProcessor = workers
            .GroupBy(w => w.Id.Processor, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(w => (w.Id.Key, w.Partition)).OrderBy(w => w.Key, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        WorkerCount = workerCount;
        BuiltAtTicks = builtAtTicks;
    }

    public long WorkerCount { get; }
    public long BuiltAtTicks { get; }

    /// <summary>Up to <paramref name="limit"/> keys starting with <paramref name="prefix"/> after <paramref name="after"/>, and how many start with it.</summary>
    public (IReadOnlyList<(string Key, int Partition)> Page, int Matching) Find(string processor, string prefix, string? after, int limit)
    {
        if (!_byProcessor.TryGetValue(processor, out var keys))
        {
            return ([], 0);
        }

        var first = LowerBound(keys, prefix);
        var end = EndOfPrefix(keys, first, prefix);

        var start = first;
        if (after is not null)
        {
            start = Math.Max(first, LowerBound(keys, after));
            if (start < end && string.Equals(keys[start].Key, after, StringComparison.Ordinal))
            {
                start++;
            }
        }

        return (keys[start..Math.Min(end, start + limit)], end - first);
    }

    /// <summary>The first index from <paramref name="first"/> on whose key does not start with <paramref name="prefix"/> (they are contiguous).</summary>
    private static int EndOfPrefix((string Key, int Partition)[] keys, int first, string prefix)
    {
        int low = first, high = keys.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (keys[middle].Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int LowerBound((string Key, int Partition)[] keys, string value)
    {
        int low = 0, high = keys.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(keys[middle].Key, value) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
