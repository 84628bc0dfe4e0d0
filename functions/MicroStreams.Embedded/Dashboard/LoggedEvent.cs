using MicroStreams.Events;

namespace MicroStreams.Embedded.Dashboard;

/// <summary>An event as the log holds it, for the live stream: where it sits, what it is, and its raw CloudEvent.</summary>
public sealed record LoggedEvent(
    EventPosition Position,
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset Time,
    DateTimeOffset AppendedAt,
    ReadOnlyMemory<byte> Raw);
