using System.Text.Json;
using MicroStreams.Embedded;
using MicroStreams.Workers;

namespace MicroStreams.Http.OpenApi.Contracts;

// The shapes of the inspection routes' answers, named for the OpenAPI document (the conformance test holds real answers to them).

internal sealed record ProcessorSummary(string Name, int Version, IReadOnlyList<string> Subscribes, IReadOnlyList<string>? ActivatedBy, WorkerTotals Workers, EffectTotals Effects);

internal sealed record WorkerTotals(long Active, long Retired, long Quarantined);

internal sealed record EffectTotals(long Pending, long Delivered, long Undeliverable);

internal sealed record WorkerDetail(
    string Processor, string Key, int Partition, WorkerStatus Status, JsonElement State, IReadOnlyList<TimerEntry> Timers,
    IReadOnlyList<WatermarkEntry> Watermarks, long EventsApplied, long EffectsSent, long TimersFired, DateTimeOffset? ActivatedAt,
    DateTimeOffset? LastChangedAt, string? QuarantineReason, IReadOnlyList<RecentEvent> RecentEvents, IReadOnlyList<WorkerEffect> Effects,
    IReadOnlyList<DeadLetterSummary> DeadLetters);

internal sealed record TimerEntry(string Name, DateTimeOffset Due);

internal sealed record WatermarkEntry(int Partition, long Sequence);

internal sealed record RecentEvent(int Partition, long Sequence, string Id, string Source, string Type, DateTimeOffset Time, DateTimeOffset AppendedAt, JsonElement Event);

internal sealed record WorkerEffect(string Id, string Channel, string Target, EffectStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? LastError, JsonElement Payload);

internal sealed record PartitionProgress(int Partition, long Head, long Checkpoint, long Lag, double LagSeconds, DateTimeOffset? OldestUnconsumedAt, int ArmedTimers, DateTimeOffset? NextTimerDue);

internal sealed record RuntimeStats(DateTimeOffset Now, bool SimulatedClock, RuntimeCounters Counters, long Backlog, long BacklogLimit, long ArmedTimers, long DeadLettersPending);
