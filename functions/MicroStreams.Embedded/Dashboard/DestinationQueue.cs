namespace MicroStreams.Embedded.Dashboard;

/// <summary>
/// The effects waiting for one destination: how many, how many failed before, and how long it is backed off (a failed
/// delivery pushes back every pending effect to the same destination, so <see cref="NextAttemptAt"/> is the destination's).
/// </summary>
public sealed record DestinationQueue(
    string Channel,
    string Target,
    long Pending,
    long Retrying,
    int MaxAttempts,
    DateTimeOffset OldestCreatedAt,
    DateTimeOffset NextAttemptAt,
    TimeSpan Backoff);
