namespace MicroStreams.Examples.Milestones;

/// <summary>A user's running sales total towards the milestone.</summary>
public sealed record SalesState(decimal Total, int Sales, string? Email);
