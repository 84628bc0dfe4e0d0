using MicroStreams.Embedded.Dashboard;

namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>One destination's queue: pending effects, how many failed before, and the seconds it is backed off for.</summary>
internal sealed record DestinationItem(string Channel, string Target, long Pending, long Retrying, int MaxAttempts, DateTimeOffset OldestCreatedAt, DateTimeOffset NextAttemptAt, double BackoffSeconds)
{
    public static DestinationItem Of(DestinationQueue q) =>
        new(q.Channel, q.Target, q.Pending, q.Retrying, q.MaxAttempts, q.OldestCreatedAt, q.NextAttemptAt, Math.Round(q.Backoff.TotalSeconds, 3));
}
