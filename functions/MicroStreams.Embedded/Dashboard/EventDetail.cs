namespace MicroStreams.Embedded.Dashboard;

/// <summary>One event of the log with every worker it reached.</summary>
public sealed record EventDetail(LoggedEvent Event, IReadOnlyList<EventReach> Reached);
