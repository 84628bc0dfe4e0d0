using MicroStreams.Events;
using MicroStreams.Timers;

namespace MicroStreams.Workers;

/// <summary>
/// One worker's durable record: processor state, named timers, status and the watermarks that make redelivery harmless.
/// A worker is owned by exactly one consumer at a time, so it is mutable and unsynchronised by design.
/// </summary>
public sealed class Worker(WorkerId id)
{
    public WorkerId Id { get; } = id;
    public WorkerStatus Status { get; set; }

    /// <summary>The processor version whose state shape <see cref="State"/> has.</summary>
    public int StateVersion { get; set; }

    /// <summary>The processor's typed state; a retired worker keeps the state it retired with (its timers are gone).</summary>
    public object? State { get; set; }

    /// <summary>The worker's named timers; set a whole new set here (its earliest due is cached in <see cref="NextTimerDue"/>).</summary>
    public TimerSet? Timers
    {
        get => _timers;
        set
        {
            _timers = value;
            RefreshNextTimerDue();
        }
    }

    /// <summary>When the worker's earliest timer is due (UTC ticks), <see cref="long.MaxValue"/> when it has none: a step
    /// reads this before an event instead of the timer set, which it then touches only when a timer is due.</summary>
    public long NextTimerDue { get; private set; } = long.MaxValue;

    private TimerSet? _timers;
    public long NextTimerToken { get; set; }
    public PartitionWatermark[] Watermarks { get; set; } = [];
    public long EventsApplied { get; set; }
    public long EffectsSent { get; set; }
    public long TimersFired { get; set; }
    public DateTimeOffset ActivatedAt { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
    public string? QuarantineReason { get; set; }

    /// <summary>The replay generation this record belongs to (0 for a processor never rebuilt).</summary>
    public long Generation { get; set; }

    public bool HasApplied(EventPosition position)
    {
        foreach (var mark in Watermarks)
        {
            if (mark.Partition == position.Partition)
            {
                return position.Sequence <= mark.Sequence;
            }
        }

        return false;
    }

    public void MarkApplied(EventPosition position)
    {
        for (var i = 0; i < Watermarks.Length; i++)
        {
            if (Watermarks[i].Partition == position.Partition)
            {
                Watermarks[i] = new PartitionWatermark(position.Partition, Math.Max(Watermarks[i].Sequence, position.Sequence));
                return;
            }
        }

        Watermarks = [.. Watermarks, new PartitionWatermark(position.Partition, position.Sequence)];
    }

    /// <summary>After the timer set changed in place.</summary>
    internal void RefreshNextTimerDue() => NextTimerDue = _timers is { Count: > 0 } timers ? timers.Earliest().Due.UtcTicks : long.MaxValue;

    public ScheduledTimer? FindTimer(string name) =>
        Timers is not null && Timers.TryGetValue(name, out var timer) ? timer : null;
}
