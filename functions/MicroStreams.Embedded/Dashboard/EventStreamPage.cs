namespace MicroStreams.Embedded.Dashboard;

/// <summary>The latest events, newest first, and each partition's head when they were read (where the next poll starts).</summary>
public sealed record EventStreamPage(IReadOnlyList<LoggedEvent> Items, IReadOnlyDictionary<int, long> Heads);
