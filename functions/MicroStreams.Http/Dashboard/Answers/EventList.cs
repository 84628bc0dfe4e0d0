namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>
/// The latest events, newest first, and <see cref="After"/>: each partition's head as read (<c>partition:sequence,...</c>),
/// which a live view sends back as <c>after</c> to get only the events appended since.
/// </summary>
internal sealed record EventList(IReadOnlyList<EventItem> Items, string After);
