namespace MicroStreams.Http.Inspection;

/// <summary>One processor's workers by status.</summary>
public sealed record WorkerCounts(long Active, long Retired, long Quarantined);
