using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Workers;

/// <summary>
/// The one code path that offers an event or a fired timer to a worker: activation, redelivery and quarantine
/// checks, bounded retries of a throwing handler, and carrying out the handler's decisions. Both hosts and
/// replay use it, so their semantics cannot drift apart. Not thread-safe: one per consumer.
/// </summary>
public sealed class WorkerApplier(int maxAttempts = 3)
{
    private readonly ProcessorContext _context = new();

    public int MaxAttempts { get; } = maxAttempts > 0 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));

    /// <summary>Offers <paramref name="event"/> to the worker <paramref name="key"/> of <paramref name="processor"/>;
    /// <paramref name="worker"/> is null when none exists yet and is set when the event activates one. A refused or parked
    /// event counts as applied for redelivery (it is in the dead-letter store): only a <paramref name="redrive"/> offers it again.</summary>
    public ApplyOutcome ApplyEvent(IProcessor processor, ref Worker? worker, string key, StreamEvent @event, ApplyResults results, bool redrive = false)
    {
        if (worker is null)
        {
            if (!processor.Spec.Activates(@event.Type))
            {
                return ApplyOutcome.NotActivated;
            }

            worker = new Worker(new WorkerId(processor.Spec.Name, key))
            {
                StateVersion = processor.Spec.Version,
                ActivatedAt = @event.Time,
            };
        }

        if (!redrive && worker.HasApplied(@event.Position))
        {
            return ApplyOutcome.Duplicate;
        }

        switch (worker.Status)
        {
            case WorkerStatus.Retired:
                return ApplyOutcome.Retired;
            case WorkerStatus.Quarantined:
                worker.MarkApplied(@event.Position);
                return ApplyOutcome.Parked;
        }

        for (var attempt = 1; ; attempt++)
        {
            _context.Reset(worker, @event.Time, @event.Position);
            try
            {
                var state = worker.State ?? processor.CreateState(@event);
                var next = processor.Handle(_context, state, @event);
                Commit(worker, next, results);
                if (_context.TimerChanges.Count > 0)
                {
                    worker.RefreshNextTimerDue();
                }

                worker.MarkApplied(@event.Position);
                worker.EventsApplied++;
                return ApplyOutcome.Applied;
            }
            catch (Exception ex)
            {
                if (attempt < MaxAttempts)
                {
                    continue;
                }

                Quarantine(worker, ex, $"event {@event.Id} at {@event.Position}", results);
                worker.MarkApplied(@event.Position);
                return ApplyOutcome.Failed;
            }
        }
    }

    /// <summary>Fires the timer <paramref name="name"/> with <paramref name="token"/> if it is still current and due at <paramref name="now"/>.</summary>
    public ApplyOutcome FireTimer(IProcessor processor, Worker worker, string name, long token, DateTimeOffset now, int partition, ApplyResults results)
    {
        if (worker.Status != WorkerStatus.Active || worker.FindTimer(name) is not { } timer || timer.Token != token)
        {
            return ApplyOutcome.Stale;
        }

        if (timer.Due > now)
        {
            return ApplyOutcome.Early;
        }

        var source = EffectId.TimerSource(name, timer.Due);
        for (var attempt = 1; ; attempt++)
        {
            _context.Reset(worker, timer.Due, partition, source);
            try
            {
                var state = worker.State ?? throw new InvalidOperationException($"worker {worker.Id} is active but has no state");
                var next = processor.OnTimer(_context, state, new TimerFired(name, timer.Due));
                worker.Timers!.Remove(name);
                Commit(worker, next, results);
                worker.RefreshNextTimerDue();
                worker.TimersFired++;
                return ApplyOutcome.Applied;
            }
            catch (Exception ex)
            {
                if (attempt < MaxAttempts)
                {
                    continue;
                }

                Quarantine(worker, ex, $"timer {name} due {timer.Due:O}", results);
                return ApplyOutcome.Failed;
            }
        }
    }

    /// <summary>Lifts a worker's quarantine so redriven events apply again.</summary>
    public static void Release(Worker worker)
    {
        if (worker.Status == WorkerStatus.Quarantined)
        {
            worker.Status = WorkerStatus.Active;
            worker.QuarantineReason = null;
        }
    }

    private void Commit(Worker worker, object next, ApplyResults results)
    {
        worker.State = next;
        worker.LastChangedAt = _context.Now;
        foreach (var (name, due) in _context.TimerChanges)
        {
            if (due is null)
            {
                worker.Timers?.Remove(name);
                continue;
            }

            var timer = new ScheduledTimer(name, due.Value, ++worker.NextTimerToken);
            (worker.Timers ??= new TimerSet())[name] = timer;
            results.ArmedTimers.Add((worker.Id, timer));
        }

        results.Effects.AddRange(_context.Effects);
        results.ProjectionChanges.AddRange(_context.ProjectionChanges);
        worker.EffectsSent += _context.Effects.Count;
        if (_context.RetireRequested)
        {
            // The tombstone keeps the last state, so whoever inspects the worker sees why it retired.
            worker.Status = WorkerStatus.Retired;
            worker.Timers = null;
        }
    }

    private static void Quarantine(Worker worker, Exception ex, string what, ApplyResults results)
    {
        worker.Status = WorkerStatus.Quarantined;
        worker.QuarantineReason = $"{ex.GetType().Name} on {what}: {ex.Message}";
        results.LastError = ex;
    }
}
