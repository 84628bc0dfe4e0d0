using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Replay;

internal sealed partial class PartitionRebuild
{
    /// <summary>Fires every timer due at or before <paramref name="upTo"/>, earliest first, effects suppressed.</summary>
    public void FireDue(DateTimeOffset upTo)
    {
        var now = upTo;
        while (_timers.TryTakeDue(upTo, out var entry))
        {
            if (!Workers.TryGetValue(entry.Worker.Key, out var worker))
            {
                continue;
            }

            if (worker.NextTimerDue <= upTo.UtcTicks)
            {
                _step.FireDue(_processor, worker, upTo, Partition, _results);
                Interlocked.Add(ref _tally.HandlerFailures, _results.Failures);
                TakeResults(worker, long.MinValue, default, now);
            }

            // The entry taken may have been the worker's only one: queue its next timer again.
            if (worker.Status == WorkerStatus.Active && worker.NextTimerDue != long.MaxValue)
            {
                Arm(worker, worker.NextTimerDue);
            }
        }
    }

    /// <summary>When stale entries (from bounds since raised) clearly outnumber the workers, queues one entry per worker again.</summary>
    private void CompactTimers()
    {
        if (_timers.Count < (2 * Workers.Count) + 4096)
        {
            return;
        }

        _timers.Clear();
        foreach (var worker in Workers.Values)
        {
            if (worker.Status == WorkerStatus.Active && worker.NextTimerDue != long.MaxValue)
            {
                Arm(worker, worker.NextTimerDue);
            }
        }
    }

    private void Arm(Worker worker, long due) => _timers.Arm(worker.Id, new ScheduledTimer(string.Empty, new DateTimeOffset(due, TimeSpan.Zero), 0));
}
