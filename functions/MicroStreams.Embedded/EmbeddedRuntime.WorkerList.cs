using MicroStreams.Embedded.Dashboard;
using MicroStreams.Workers;

namespace MicroStreams.Embedded;

/// <summary>The dashboard's workers list: a processor's workers in key order, by key prefix, a page at a time.</summary>
public sealed partial class EmbeddedRuntime
{
    private WorkerKeyIndex? _workerKeys;

    /// <summary>
    /// Up to <paramref name="limit"/> workers of <paramref name="processor"/> whose key starts with <paramref name="prefix"/>,
    /// after the key <paramref name="after"/>. Keys come from an index at most a second stale (a worker made in that second
    /// shows on the next page load); status, timers and last change are read from the workers themselves.
    /// </summary>
    public async Task<WorkerPage> WorkersAsync(string processor, string prefix, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var index = await WorkerKeysAsync(cancellationToken);
        var (page, matching) = index.Find(processor, prefix, after, Math.Clamp(limit, 1, 500));
        var found = new Dictionary<string, WorkerSummary>(StringComparer.Ordinal);
        foreach (var inPartition in page.GroupBy(w => w.Partition))
        {
            await _consumers[inPartition.Key].InspectAsync(workers =>
            {
                foreach (var (key, partition) in inPartition)
                {
                    if (workers.TryGetValue(new WorkerId(processor, key), out var worker))
                    {
                        found[key] = Summarize(worker, partition);
                    }
                }

                return 0;
            }, cancellationToken);
        }

        var items = page.Where(w => found.ContainsKey(w.Key)).Select(w => found[w.Key]).ToList();
        var next = page.Count == Math.Clamp(limit, 1, 500) ? page[^1].Key : null;
        return new WorkerPage(items, matching, next);
    }

    private async Task<WorkerKeyIndex> WorkerKeysAsync(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var count = _consumers.Sum(c => (long)c.WorkerCount);
        if (_workerKeys is { } current && (now - current.BuiltAtTicks < WorkerKeyIndex.MaxAge.TotalMilliseconds
            || (current.WorkerCount == count && now - current.BuiltAtTicks < WorkerKeyIndex.MaxAgeUnchanged.TotalMilliseconds)))
        {
            return current;
        }

        var ids = new List<(WorkerId, int)>();
        foreach (var consumer in _consumers)
        {
            await consumer.InspectAsync(workers =>
            {
                foreach (var id in workers.Keys)
                {
                    ids.Add((id, consumer.Partition));
                }

                return 0;
            }, cancellationToken);
        }

        return _workerKeys = new WorkerKeyIndex(ids, count, now);
    }

    private static WorkerSummary Summarize(Worker worker, int partition) => new(
        worker.Id.Processor, worker.Id.Key, partition, worker.Status, worker.ActivatedAt, worker.LastChangedAt, worker.EventsApplied,
        worker.Timers?.Count ?? 0, worker.Timers is { Count: > 0 } timers ? timers.Earliest().Due : null);
}
