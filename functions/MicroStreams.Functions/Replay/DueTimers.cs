using MicroStreams.Processors;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>Fires a rebuilt worker's timers that are due by a point in event time, earliest first, as the embedded rebuild does.</summary>
internal static class DueTimers
{
    /// <summary>Fires every timer of <paramref name="worker"/> due at or before <paramref name="upTo"/>; returns how many fired and whether a handler failed.</summary>
    public static (int Fired, bool Failed) Fire(WorkerApplier applier, IProcessor processor, Worker worker, DateTimeOffset upTo, int partition, ApplyResults results)
    {
        var fired = 0;
        while (worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } timers)
        {
            // (due, ordinal name): the firing order of simultaneous timers in both hosts.
            var earliest = timers.Values.OrderBy(t => t.Due).ThenBy(t => t.Name, StringComparer.Ordinal).First();
            if (earliest.Due > upTo)
            {
                break;
            }

            switch (applier.FireTimer(processor, worker, earliest.Name, earliest.Token, upTo, partition, results))
            {
                case ApplyOutcome.Applied:
                    fired++;
                    continue;
                case ApplyOutcome.Failed:
                    return (fired, true);
                default:
                    return (fired, false);
            }
        }

        return (fired, false);
    }
}
