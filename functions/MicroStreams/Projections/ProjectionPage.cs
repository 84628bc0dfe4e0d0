namespace MicroStreams.Projections;

/// <summary>One page of a key-prefix scan, in key order; <see cref="NextAfter"/> is the key to pass as <c>after</c> for the next page, null on the last.</summary>
public sealed record ProjectionPage(IReadOnlyList<ProjectionRow> Rows, string? NextAfter);
