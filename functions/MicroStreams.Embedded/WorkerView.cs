using System.Text.Json;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Embedded;

/// <summary>A read-only picture of one worker for inspection: state, timers, status and counters.</summary>
public sealed record WorkerView(
    string Processor,
    string Key,
    int Partition,
    WorkerStatus Status,
    JsonElement? State,
    IReadOnlyList<ScheduledTimer> Timers,
    IReadOnlyList<PartitionWatermark> Watermarks,
    long EventsApplied,
    long EffectsSent,
    long TimersFired,
    DateTimeOffset ActivatedAt,
    DateTimeOffset LastChangedAt,
    string? QuarantineReason);
