namespace MicroStreams.Functions.Replay;

/// <summary>
/// A replay as clients see it, the same JSON as the embedded host's view: what was asked, how far each partition is, what
/// it suppressed, and a shadow's differences. On Azure a partition's target is the event hub's last sequence when the
/// replay was planned, and <see cref="ReplayPartitionView.Done"/> means its archive has been read to the end.
/// </summary>
public sealed record ReplayView
{
    public required string Id { get; init; }
    public required string Processor { get; init; }

    /// <summary><c>rebuild</c> (switches to the new generation) or <c>shadow</c> (compares, switches nothing).</summary>
    public required string Mode { get; init; }

    public required ReplayStatus Status { get; init; }
    public required long Generation { get; init; }
    public required ReplayRequest Request { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Error { get; init; }
    public string? Reason { get; init; }
    public IReadOnlyList<ReplayPartitionView> Partitions { get; init; } = [];
    public long EventsRead { get; init; }
    public long EventsApplied { get; init; }
    public long TimersFired { get; init; }

    /// <summary>Effects the rebuilt code decided while replaying history: counted, never delivered.</summary>
    public long EffectsSuppressed { get; init; }

    public long HandlerFailures { get; init; }

    /// <summary>Share of the partitions' target positions read, 0 to 1.</summary>
    public double Progress { get; init; }

    public ShadowDiff? Diff { get; init; }
}

/// <summary>One partition of a replay: read up to <see cref="Position"/> of <see cref="Target"/>, and whether it has been read to the end.</summary>
public sealed record ReplayPartitionView(int Partition, long Position, long Target, bool Done);
