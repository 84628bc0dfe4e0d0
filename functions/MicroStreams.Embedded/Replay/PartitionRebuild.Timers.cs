using MicroStreams.Timers;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

internal sealed partial class PartitionRebuild
{
    /// <summary>Fires every timer due at or before <paramref name="upTo"/>, earliest first, effects suppressed.</summary>
    public void FireDue(DateTimeOffset upTo)
    {
        while (_timers.TryTakeDue(upTo, out var entry))
        {
            if (!Workers.TryGetValue(entry.Worker.Key, out var worker))
            {
                continue;
            }

            if (worker.HostMark <= upTo.UtcTicks)
            {
                FireDueTimersOf(worker, upTo);
            }

            // The entry taken may have been the worker's only one: queue its next timer again.
            if (worker.HostMark != NoTimer && worker.HostMark > upTo.UtcTicks)
            {
                Arm(worker, worker.HostMark);
            }
        }
    }

    /// <summary>Fires the worker's timers due by <paramref name="upTo"/> in (due, name) order, then sets its lower bound to its next due.</summary>
    private void FireDueTimersOf(Worker worker, DateTimeOffset upTo)
    {
        while (worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } timers)
        {
            var earliest = timers.Earliest();
            if (earliest.Due > upTo)
            {
                break;
            }

            var outcome = _applier.FireTimer(_processor, worker, earliest.Name, earliest.Token, upTo, Partition, _results);
            if (outcome == ApplyOutcome.Applied)
            {
                Interlocked.Increment(ref _tally.TimersFired);
                TakeResults(worker);
                continue;
            }

            if (outcome == ApplyOutcome.Failed)
            {
                Interlocked.Increment(ref _tally.HandlerFailures);
                TakeResults(worker);
            }

            break;
        }

        worker.HostMark = worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } left ? left.Earliest().Due.UtcTicks : NoTimer;
    }

    /// <summary>When stale entries (from lower bounds since raised) clearly outnumber the workers, queues one entry per worker again.</summary>
    private void CompactTimers()
    {
        if (_timers.Count < (2 * Workers.Count) + 4096)
        {
            return;
        }

        _timers.Clear();
        foreach (var worker in Workers.Values)
        {
            worker.HostMark = worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } timers ? timers.Earliest().Due.UtcTicks : NoTimer;
            if (worker.HostMark != NoTimer)
            {
                Arm(worker, worker.HostMark);
            }
        }
    }

    private void Arm(Worker worker, long due) => _timers.Arm(worker.Id, new ScheduledTimer(string.Empty, new DateTimeOffset(due, TimeSpan.Zero), 0));
}
