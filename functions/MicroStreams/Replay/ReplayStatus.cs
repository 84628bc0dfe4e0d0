namespace MicroStreams.Replay;

public enum ReplayStatus
{
    Running = 0,
    Completed = 1,
    Cancelled = 2,
    Failed = 3,

    /// <summary>Cancellation was asked for (possibly by another process) and the replay has not stopped yet.</summary>
    Cancelling = 4,
}
