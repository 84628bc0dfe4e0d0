namespace MicroStreams.Examples.Milestones;

/// <summary>A row of <c>sales_totals</c>: the user's running total, sale count, whether the milestone is reached and when the last sale happened.</summary>
public sealed record SalesTotalsRow(string User, decimal Total, int Sales, bool MilestoneReached, DateTimeOffset LastSaleAt);
