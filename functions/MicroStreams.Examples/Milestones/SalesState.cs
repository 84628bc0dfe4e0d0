namespace MicroStreams.Examples.Milestones;

/// <summary>A user's running sales total towards the milestone, and the event time of the latest sale (null before the first,
/// and in states written before it was kept).</summary>
public sealed record SalesState(decimal Total, int Sales, string? Email, DateTimeOffset? LastSaleAt = null);
