namespace MicroStreams.Embedded.Dashboard;

/// <summary>A page of workers in key order; <see cref="NextAfter"/> is the key to continue after, null on the last page.</summary>
public sealed record WorkerPage(IReadOnlyList<WorkerSummary> Items, int Matching, string? NextAfter);
