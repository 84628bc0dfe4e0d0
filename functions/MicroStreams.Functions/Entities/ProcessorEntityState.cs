using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Entities;

/// <summary>
/// The durable state of one worker entity: the processor's state as JSON plus the core worker record (status,
/// watermarks per source partition, named timers with tokens, counters, generation). A retired worker keeps only a
/// tombstone (status and watermarks), so later events do not activate it again.
/// </summary>
public sealed class ProcessorEntityState
{
    public string Processor { get; set; } = string.Empty;
    public string Key { get; set; } = string.Empty;

    [JsonConverter(typeof(JsonStringEnumConverter<WorkerStatus>))]
    public WorkerStatus Status { get; set; }

    public int StateVersion { get; set; }

    /// <summary>The processor's state, written by its own serializer; null for a tombstone.</summary>
    public JsonElement? State { get; set; }

    public Dictionary<string, TimerEntry>? Timers { get; set; }
    public long NextTimerToken { get; set; }
    public List<WatermarkEntry> Watermarks { get; set; } = [];

    /// <summary>The log partition the worker's events come from; its timers fire with this partition.</summary>
    public int Partition { get; set; }

    public long EventsApplied { get; set; }
    public long EffectsSent { get; set; }
    public long TimersFired { get; set; }
    public DateTimeOffset ActivatedAt { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
    public string? QuarantineReason { get; set; }
    public long Generation { get; set; }

    /// <summary>How far the worker knows its partition's records are applied (append time): timers due by then may fire.
    /// Host bookkeeping, not part of the worker record a rebuild compares.</summary>
    public DateTimeOffset? Horizon { get; set; }

    /// <summary>Only on a shadow replay's worker: the same history under the live code, whose effects the shadow's are compared with.</summary>
    public ProcessorEntityState? Baseline { get; set; }
}

/// <summary>A named timer: when it is due and the token its scheduled self-signal carries.</summary>
public sealed record TimerEntry(DateTimeOffset Due, long Token);

/// <summary>The last sequence applied from one source partition.</summary>
public sealed record WatermarkEntry(int Partition, long Sequence);
