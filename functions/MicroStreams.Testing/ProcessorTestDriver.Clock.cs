using MicroStreams.Workers;

namespace MicroStreams.Testing;

public sealed partial class ProcessorTestDriver
{
    /// <summary>Moves the clock forward by <paramref name="by"/>, firing every timer due by then; returns how many fired.</summary>
    public int Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        return AdvanceTo(Now + by);
    }

    /// <summary>
    /// Moves the clock to <paramref name="time"/>, firing every timer due by then, earliest first (ties by processor, key
    /// and timer name), with the clock at each timer's due as it fires; returns how many fired. The clock never goes back.
    /// </summary>
    public int AdvanceTo(DateTimeOffset time)
    {
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), $"the clock is at {Now:O} and never goes back");
        }

        var fired = FireDueBy(time);
        Clock.SetUtcNow(time);
        return fired;
    }

    /// <summary>Rule 2 of the timer rule with the horizon at <paramref name="horizon"/>: every active worker's timers due
    /// by then fire, the earliest due across workers first.</summary>
    private int FireDueBy(DateTimeOffset horizon)
    {
        var fired = 0;
        while (NextDue(horizon) is { } slot)
        {
            var due = new DateTimeOffset(slot.Worker.NextTimerDue, TimeSpan.Zero);
            if (due > Now)
            {
                Clock.SetUtcNow(due);
            }

            var count = _step.FireDue(slot.Processor, slot.Worker, due, slot.Partition, _actions);
            Take(slot);
            if (count == 0 && slot.Worker.Status == WorkerStatus.Active && slot.Worker.NextTimerDue <= due.UtcTicks)
            {
                throw new InvalidOperationException($"worker {slot.Worker.Id} has a timer due at {due:O} that the step did not fire");
            }

            fired += count;
        }

        return fired;
    }

    private Slot? NextDue(DateTimeOffset horizon)
    {
        Slot? next = null;
        foreach (var slot in _workers.Values)
        {
            var worker = slot.Worker;
            if (worker.Status != WorkerStatus.Active || worker.NextTimerDue > horizon.UtcTicks)
            {
                continue;
            }

            if (next is null || worker.NextTimerDue < next.Worker.NextTimerDue
                || (worker.NextTimerDue == next.Worker.NextTimerDue && Compare(worker.Id, next.Worker.Id) < 0))
            {
                next = slot;
            }
        }

        return next;
    }

    private static int Compare(WorkerId a, WorkerId b)
    {
        var byProcessor = string.CompareOrdinal(a.Processor, b.Processor);
        return byProcessor != 0 ? byProcessor : string.CompareOrdinal(a.Key, b.Key);
    }
}
