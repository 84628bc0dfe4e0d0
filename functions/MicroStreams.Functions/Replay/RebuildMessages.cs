using System.Text.Json.Serialization;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>Input of the entity's <c>rebuild</c> operation on a new generation's worker: history events, effects suppressed, no timer signals.</summary>
public sealed record RebuildRequest(long Generation, IReadOnlyList<LogEvent> Events, IReadOnlyList<DateTimeOffset> FireUpTo, bool Shadow = false);

/// <summary>What a <c>rebuild</c> operation did: counts for the replay's progress, rows to write into the new version, letters, and a shadow's effect differences.</summary>
public sealed record RebuildReport
{
    public int Applied { get; init; }
    public int TimersFired { get; init; }
    public int EffectsSuppressed { get; init; }
    public int HandlerFailures { get; init; }
    public IReadOnlyList<StampedChange> Projections { get; init; } = [];
    public IReadOnlyList<DeadLetters.DeadLetterDocument> DeadLetters { get; init; } = [];
    public IReadOnlyList<EffectDifference> OnlyInShadow { get; init; } = [];
    public IReadOnlyList<EffectDifference> OnlyInLive { get; init; } = [];
}

/// <summary>Whether the switch adopts the rebuilt worker (rebuild) or only compares it with the live one (shadow).</summary>
public enum SwitchMode
{
    Adopt = 0,
    Compare = 1,
}

/// <summary>
/// Input of the live entity's <c>switch</c> operation: the rebuilt worker (null when the rebuild has none for this key),
/// how far the rebuild read each partition, and each partition's event-time watermark, up to which its timers fire.
/// </summary>
public sealed record SwitchRequest(
    long Generation,
    ProcessorEntityState? Rebuilt,
    IReadOnlyDictionary<int, long> Positions,
    IReadOnlyDictionary<int, DateTimeOffset> Watermarks,
    [property: JsonConverter(typeof(JsonStringEnumConverter<SwitchMode>))] SwitchMode Mode = SwitchMode.Adopt);

/// <summary>What became of a switch.</summary>
public enum SwitchOutcome
{
    /// <summary>The live worker is now the rebuilt one (or gone, when the rebuild has none).</summary>
    Adopted = 0,

    /// <summary>The live worker applied events the rebuild has not read yet; nothing changed, catch up and try again.</summary>
    Behind = 1,

    /// <summary>Shadow: the two were compared; nothing changed.</summary>
    Compared = 2,
}

/// <summary>What a <c>switch</c> operation did, and (shadow) what differs.</summary>
public sealed record SwitchReport(
    [property: JsonConverter(typeof(JsonStringEnumConverter<SwitchOutcome>))] SwitchOutcome Outcome)
{
    public int TimersFired { get; init; }
    public int EffectsSuppressed { get; init; }
    public IReadOnlyList<StampedChange> Projections { get; init; } = [];

    /// <summary>Timers of the adopted worker whose handler failed as the switch fired them.</summary>
    public IReadOnlyList<DeadLetters.DeadLetterDocument> DeadLetters { get; init; } = [];
    public WorkerDifference? Difference { get; init; }
    public IReadOnlyList<EffectDifference> OnlyInShadow { get; init; } = [];
    public IReadOnlyList<EffectDifference> OnlyInLive { get; init; } = [];
}
