using MicroStreams.Embedded.Dashboard;

namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>A page of a processor's workers in key order; <see cref="NextAfter"/> continues it, <see cref="Matching"/> counts the prefix's workers.</summary>
internal sealed record WorkerList(string Processor, string Prefix, int Matching, IReadOnlyList<WorkerSummary> Items, string? NextAfter);
