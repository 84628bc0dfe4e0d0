using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    /// <summary>
    /// Fires every queued timer due at or before <paramref name="upTo"/>, earliest first. A surfacing entry fires all of
    /// its worker's due timers in (due, name) order, the same order as before an event, so ties never depend on the path
    /// (or on the order the queue was rebuilt after a restart).
    /// </summary>
    private int FireDueTimers(DateTimeOffset upTo)
    {
        var fired = 0;
        while (_timers.TryTakeDue(upTo, out var entry))
        {
            if (_workers.TryGetValue(entry.Worker, out var worker) && _router.Find(entry.Worker.Processor) is { } processor)
            {
                fired += FireDueTimersOf(processor, worker, upTo);
            }
        }

        return fired;
    }

    private int FireDueTimersOf(IProcessor processor, Worker worker, DateTimeOffset upTo)
    {
        var due = worker.NextTimerDue;
        using var span = _stepSpan = _timerTraces.StartFiring(worker);
        var fired = _step.FireDue(processor, worker, upTo, _partition, _results);
        if (fired > 0 && Metrics is not null && due != long.MaxValue)
        {
            // Lateness of the earliest timer fired: how long after its due time the host got to it.
            Metrics.TimerFired(processor.Spec.Name, _time.GetUtcNow() - new DateTimeOffset(due, TimeSpan.Zero));
        }

        if (_results.TimersFired + _results.Failures > 0)
        {
            _workers.SetChanged(worker);
        }

        TakeResults(default, _time.GetUtcNow());
        _stepSpan = null;
        return fired;
    }
}
