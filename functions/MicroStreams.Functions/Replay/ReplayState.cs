using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>
/// Everything a replay orchestration carries from one execution to the next (its input, passed on with ContinueAsNew
/// to keep the history short): the view clients read, the phase, each partition's read position and event-time
/// watermark, where rebuilt rows go, and the worker listing and keys that still wait for a switch.
/// </summary>
public sealed class ReplayState
{
    public required ReplayView View { get; set; }

    /// <summary>The generation the rebuilt workers' entity keys carry (a shadow's view shows 0, as the embedded host; its entities still need their own keys).</summary>
    public long EntityGeneration { get; set; }

    public ReplayPhase Phase { get; set; }
    public List<ReplayCursor> Cursors { get; set; } = [];

    /// <summary>The fresh version each projection is rebuilt into (whole-processor rebuilds), else null: rows go to the current versions.</summary>
    public Dictionary<string, long>? ProjectionVersions { get; set; }

    /// <summary>Catch-up rounds read so far; round 0 reads the archive up to its end once.</summary>
    public int Round { get; set; }

    public long ReadThisRound { get; set; }

    /// <summary>Where the worker listing of the switch or the clean-up resumes; null before its first page.</summary>
    public string? ListToken { get; set; }

    /// <summary>Keys whose live worker had applied events the rebuild had not read when asked to switch.</summary>
    public List<string> Behind { get; set; } = [];

    public int SwitchRounds { get; set; }
    public long WorkersSwitched { get; set; }
}

/// <summary>Where a replay is: plan, read history (rounds), switch projections, switch workers, catch up stragglers, drop the rebuilt generation, finish.</summary>
public enum ReplayPhase
{
    Plan = 0,
    Read = 1,
    SwitchProjections = 2,
    Switch = 3,
    Retry = 4,
    Cleanup = 5,
    Finished = 6,
}

/// <summary>One partition's progress: the last sequence read (-1 before any), the latest event time read, the target, and whether this round reached the end.</summary>
public sealed class ReplayCursor
{
    public int Partition { get; set; }
    public long Target { get; set; }
    public long Position { get; set; } = -1;
    public DateTimeOffset Watermark { get; set; } = DateTimeOffset.MinValue;
    public bool Done { get; set; }

    /// <summary>Whether the archive of this partition has been read to its end at least once.</summary>
    public bool ReadOnce { get; set; }
}
