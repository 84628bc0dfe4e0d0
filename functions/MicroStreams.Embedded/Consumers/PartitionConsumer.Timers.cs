using System.Text.Json;
using MicroStreams.DeadLetters;
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

    /// <summary>Before an event reaches a worker, its timers due by the event's time fire first, so per-key order holds in event time.</summary>
    private int FireDueTimersOf(IProcessor processor, Worker worker, DateTimeOffset upTo)
    {
        var fired = 0;
        while (worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } timers)
        {
            var earliest = timers.Earliest();
            if (earliest.Due > upTo || !Fire(processor, worker, earliest.Name, earliest.Token, upTo))
            {
                return fired;
            }

            fired++;
        }

        return fired;
    }

    private bool Fire(IProcessor processor, Worker worker, string name, long token, DateTimeOffset now)
    {
        var due = worker.FindTimer(name)?.Due;
        var outcome = _applier.FireTimer(processor, worker, name, token, now, _partition, _results);
        Stats.Count(outcome);
        switch (outcome)
        {
            case ApplyOutcome.Applied:
                Stats.TimersFired++;
                Metrics?.TimerFired(processor.Spec.Name, _time.GetUtcNow() - (due ?? now));
                MarkDirty(worker);
                TakeResults();
                return true;
            case ApplyOutcome.Failed:
                MarkDirty(worker);
                var raw = JsonSerializer.SerializeToUtf8Bytes(new { processor = worker.Id.Processor, key = worker.Id.Key, timer = name, due });
                DeadLetter(DeadLetterKind.TimerFailed, new Events.EventPosition(_partition, _checkpoint), null, worker.Id, worker.QuarantineReason!, _applier.MaxAttempts, raw, now);
                TakeResults();
                return false;
            default:
                return false;
        }
    }
}
