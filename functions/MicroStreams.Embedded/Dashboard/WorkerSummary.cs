using MicroStreams.Workers;

namespace MicroStreams.Embedded.Dashboard;

/// <summary>One row of the workers list: who, where, in what status, when it last changed, and its timers.</summary>
public sealed record WorkerSummary(
    string Processor,
    string Key,
    int Partition,
    WorkerStatus Status,
    DateTimeOffset ActivatedAt,
    DateTimeOffset LastChangedAt,
    long EventsApplied,
    int TimersArmed,
    DateTimeOffset? NextTimerDue);
