using MicroStreams.Effects;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Projections;

namespace MicroStreams.Functions.Entities;

/// <summary>
/// The result of one entity operation, computed without Durable Task types: the new state (null deletes the entity),
/// the report for the caller, timers to arm as scheduled self-signals, effects to start, and dead letters to record.
/// The report carries the stamped projection rows the operation decided.
/// </summary>
public sealed record EntityStep(
    ProcessorEntityState? State,
    ApplyReport Report,
    IReadOnlyList<TimerArm> Timers,
    IReadOnlyList<Effect> Effects,
    IReadOnlyList<DeadLetterDocument> DeadLetters)
{
    /// <summary>A tick that came before the partition's records appended by its due were applied: the entity asks its
    /// partition's clock to wake it once they are (see docs/timers.md).</summary>
    public TimerArm? AwaitClock { get; init; }

    public IReadOnlyList<StampedChange> Projections => Report.Projections;
}

/// <summary>A scheduled self-signal that carries <paramref name="Token"/>; a tick whose token no longer matches is ignored.</summary>
public sealed record TimerArm(string Name, DateTimeOffset Due, long Token);
