using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Workers;

namespace MicroStreams.Http.Inspection;

/// <summary>
/// One worker as <c>/api/processors/{name}/workers/{key}</c> shows it: state, timers, counters, and what the host keeps
/// beside it (recent events, effects, dead letters: empty where it keeps none; generation, last change and backlog of a
/// Durable entity where it has them).
/// </summary>
public sealed record WorkerInspection(
    string Processor,
    string Key,
    int Partition,
    WorkerStatus Status,
    JsonElement? State,
    IReadOnlyList<WorkerTimer> Timers,
    IReadOnlyList<WorkerWatermark> Watermarks,
    long EventsApplied,
    long EffectsSent,
    long TimersFired,
    DateTimeOffset ActivatedAt,
    DateTimeOffset LastChangedAt,
    string? QuarantineReason)
{
    public IReadOnlyList<WorkerRecentEvent> RecentEvents { get; init; } = [];

    public IReadOnlyList<WorkerEffectView> Effects { get; init; } = [];

    public IReadOnlyList<DeadLetterItem> DeadLetters { get; init; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Generation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastModified { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Backlog { get; init; }
}
