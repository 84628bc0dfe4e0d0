using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Timers;

/// <summary>
/// The in-memory index of a partition's armed timers, ordered by due time. Timers themselves are durable in their
/// worker's record; this queue is rebuilt from the records on start. Replaced and cancelled timers are removed
/// lazily: their token no longer matches when they surface, and the queue is rebuilt when they pile up.
/// </summary>
internal sealed class TimerQueue
{
    private readonly PriorityQueue<Entry, (long Due, long Order)> _queue = new();
    private long _order;
    private int _liveAtLastCompaction;

    public int Count => _queue.Count;

    public void Arm(WorkerId worker, ScheduledTimer timer) =>
        _queue.Enqueue(new Entry(worker, timer.Name, timer.Token), (timer.Due.UtcTicks, _order++));

    public void Clear()
    {
        _queue.Clear();
        _liveAtLastCompaction = 0;
    }

    public DateTimeOffset? NextDue => _queue.TryPeek(out _, out var priority) ? new DateTimeOffset(priority.Due, TimeSpan.Zero) : null;

    /// <summary>Removes and returns the earliest timer if it is due at or before <paramref name="upTo"/>.</summary>
    public bool TryTakeDue(DateTimeOffset upTo, out Entry entry)
    {
        if (_queue.TryPeek(out entry, out var priority) && priority.Due <= upTo.UtcTicks)
        {
            _queue.Dequeue();
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>Rebuilds the queue from the workers' live timers once stale entries clearly outnumber them.</summary>
    public void CompactIfMostlyStale(IEnumerable<Worker> workers)
    {
        if (_queue.Count < (2 * _liveAtLastCompaction) + 4096)
        {
            return;
        }

        // Refilled in place: the queue's array (large-object sized for a busy partition) is kept, not allocated anew.
        _queue.Clear();
        foreach (var worker in workers)
        {
            if (worker.Timers is null)
            {
                continue;
            }

            foreach (var timer in worker.Timers.Values)
            {
                _queue.Enqueue(new Entry(worker.Id, timer.Name, timer.Token), (timer.Due.UtcTicks, _order++));
            }
        }

        _liveAtLastCompaction = _queue.Count;
    }

    public readonly record struct Entry(WorkerId Worker, string Name, long Token);
}
