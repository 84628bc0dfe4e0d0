namespace MicroStreams.Replay;

/// <summary>A replay as people see it: what was asked, how far each partition is, what it suppressed, and a shadow's differences.</summary>
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

    /// <summary>Why it started when no one asked: a backfill of a new processor, or a rebuild the state version requires.</summary>
    public string? Reason { get; init; }

    public IReadOnlyList<ReplayPartitionView> Partitions { get; init; } = [];
    public long EventsRead { get; init; }
    public long EventsApplied { get; init; }
    public long TimersFired { get; init; }

    /// <summary>Effects the rebuilt code decided while replaying history: recorded, never delivered.</summary>
    public long EffectsSuppressed { get; init; }

    public long HandlerFailures { get; init; }

    /// <summary>Share of the partitions' target positions read, 0 to 1.</summary>
    public double Progress { get; init; }

    public ShadowDiff? Diff { get; init; }

    /// <summary>A rebuild's projections that get a new version (built unseen, made current with the switch), and that version.</summary>
    public IReadOnlyDictionary<string, long>? ProjectionVersions { get; init; }
}

/// <summary>One partition of a replay: read up to <see cref="Position"/> of <see cref="Target"/> (the live checkpoint), and whether its new generation is live.</summary>
public sealed record ReplayPartitionView(int Partition, long Position, long Target, bool Done);
