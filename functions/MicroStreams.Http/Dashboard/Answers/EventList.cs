namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>The latest events, newest first.</summary>
internal sealed record EventList(IReadOnlyList<EventItem> Items);
