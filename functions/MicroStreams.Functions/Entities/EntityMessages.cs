using System.Text.Json.Serialization;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Entities;

/// <summary>Input of the entity's <c>apply</c> operation: one key's events from a batch, in log order.</summary>
/// <param name="Release">Lift the worker's quarantine first (redrive).</param>
/// <param name="SuppressEffects">Record effects without delivering them (replay).</param>
/// <param name="Horizon">The append (enqueued) time of the last record of the partition's batch: every record of the
/// partition appended by then has been delivered, so the worker's timers due by then fire after its events.</param>
public sealed record ApplyRequest(IReadOnlyList<LogEvent> Events, bool Release = false, bool SuppressEffects = false, DateTimeOffset? Horizon = null);

/// <summary>What became of each event of an <see cref="ApplyRequest"/>, and the projection rows the caller writes for it.</summary>
public sealed record ApplyReport(IReadOnlyList<EventOutcome> Outcomes)
{
    public static ApplyReport Empty { get; } = new([]);

    /// <summary>Rows the operation set or removed, stamped; the caller writes them before it lets the log position advance.</summary>
    public IReadOnlyList<StampedChange> Projections { get; init; } = [];

    /// <summary>Timers whose handler failed while the operation fired them; the caller writes them with the events' letters.</summary>
    public IReadOnlyList<DeadLetters.DeadLetterDocument> TimerLetters { get; init; } = [];
}

/// <summary>One event's outcome; <paramref name="Reason"/> and <paramref name="Attempts"/> are set when it was refused or parked.</summary>
public sealed record EventOutcome(
    int Partition,
    long Sequence,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ApplyOutcome>))] ApplyOutcome Outcome,
    string? Reason = null,
    int Attempts = 0);

/// <summary>Input of the entity's <c>tick</c> operation, sent to itself as a scheduled signal when a timer is armed.</summary>
public sealed record TimerTick(string Name, long Token);

/// <summary>Input of the entity's <c>wake</c> operation, signalled by its partition's clock: every record of the partition
/// appended by <paramref name="Horizon"/> has been applied, so the worker's timers due by then fire.</summary>
public sealed record TimerWake(DateTimeOffset Horizon);
