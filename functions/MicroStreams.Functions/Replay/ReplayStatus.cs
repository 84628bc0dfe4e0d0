namespace MicroStreams.Functions.Replay;

/// <summary>A replay's state as clients see it (the embedded host's values and names).</summary>
public enum ReplayStatus
{
    Running = 0,
    Completed = 1,
    Cancelled = 2,
    Failed = 3,

    /// <summary>Cancellation was asked for and the replay has not stopped yet.</summary>
    Cancelling = 4,
}
