using MicroStreams.Events;

namespace MicroStreams.Embedded;

/// <summary>An event a worker received, read back from the log for its timeline.</summary>
public sealed record AppliedEvent(EventPosition Position, string Id, string Source, string Type, DateTimeOffset Time, DateTimeOffset AppendedAt, ReadOnlyMemory<byte> Raw);
