using MicroStreams.DeadLetters;
using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Workers;

/// <summary>
/// The one step of a worker, the same on every host and in every mode: it decides, the hosts carry out. Offered a record
/// of the log, it first fires the worker's timers due at or before the record's append time (in (due, name) order), then
/// applies the event (activation, dedupe by watermark, bounded retries, quarantine and parking, retirement); offered a
/// horizon (the time up to which the host has applied every record of the partition), it fires the timers due by then.
/// The worker changes in place and every other decision lands in the caller's <see cref="ApplyResults"/>: effects
/// (recorded but not to be sent unless <see cref="StepMode.Live"/>), timers to arm, projection rows, dead letters. Not
/// thread-safe: one per consumer or operation.
/// </summary>
/// <remarks>The timer rule is written down in docs/timers.md.</remarks>
public sealed class WorkerStep(int maxAttempts = 3, StepMode mode = StepMode.Live)
{
    private readonly WorkerApplier _applier = new(maxAttempts);

    public StepMode Mode { get; } = mode;
    public int MaxAttempts => _applier.MaxAttempts;

    /// <summary>Whether the effects this step decides are only recorded (a rebuild or a shadow), never sent.</summary>
    public bool SuppressesEffects => Mode != StepMode.Live;

    /// <summary>
    /// Offers <paramref name="event"/>, appended to the log at <paramref name="appendedAt"/>, to the worker
    /// <paramref name="key"/> (null when none exists yet; set when the event activates one, with <paramref name="generation"/>).
    /// A <paramref name="redrive"/> offers a dead-lettered event again (after <see cref="Release"/>).
    /// </summary>
    public ApplyOutcome Event(IProcessor processor, ref Worker? worker, string key, StreamEvent @event, DateTimeOffset appendedAt, long generation, ApplyResults actions, bool redrive = false)
    {
        if (worker is not null && worker.NextTimerDue <= appendedAt.UtcTicks)
        {
            FireDue(processor, worker, appendedAt, @event.Position.Partition, actions);
        }

        var created = worker is null;
        var outcome = _applier.ApplyEvent(processor, ref worker, key, @event, actions, redrive);
        switch (outcome)
        {
            case ApplyOutcome.Applied:
                actions.EventsApplied++;
                break;
            case ApplyOutcome.Failed:
                actions.Failures++;
                actions.DeadLetters.Add(new StepDeadLetter(DeadLetterKind.HandlerFailed, worker!.Id, @event.Position, @event, null, null, worker.QuarantineReason!, MaxAttempts));
                break;
            case ApplyOutcome.Parked:
                actions.DeadLetters.Add(new StepDeadLetter(DeadLetterKind.Parked, worker!.Id, @event.Position, @event, null, null, $"worker quarantined: {worker.QuarantineReason}", 0));
                break;
        }

        if (created && worker is not null)
        {
            worker.Generation = generation;
        }

        return outcome;
    }

    /// <summary>Fires the worker's timers due at or before <paramref name="horizon"/>, earliest first; returns how many fired.</summary>
    public int FireDue(IProcessor processor, Worker worker, DateTimeOffset horizon, int partition, ApplyResults actions)
    {
        var fired = 0;
        while (worker.Status == WorkerStatus.Active && worker.NextTimerDue <= horizon.UtcTicks)
        {
            var earliest = worker.Timers!.Earliest();
            switch (_applier.FireTimer(processor, worker, earliest.Name, earliest.Token, horizon, partition, actions))
            {
                case ApplyOutcome.Applied:
                    fired++;
                    actions.TimersFired++;
                    continue;
                case ApplyOutcome.Failed:
                    actions.Failures++;
                    actions.DeadLetters.Add(new StepDeadLetter(DeadLetterKind.TimerFailed, worker.Id, new EventPosition(partition, -1), null, earliest.Name, earliest.Due, worker.QuarantineReason!, MaxAttempts));
                    return fired;
                default:
                    return fired;
            }
        }

        return fired;
    }

    /// <summary>Redrive: lifts the worker's quarantine so its dead-lettered events apply again, in their order.</summary>
    public static void Release(Worker worker) => WorkerApplier.Release(worker);
}
