using MicroStreams.Events;

namespace MicroStreams.Embedded.Log;

/// <summary>A record read back from the log, with the time the log accepted it and whether it was validated then.</summary>
public readonly record struct LogRecord(int Partition, long Sequence, DateTimeOffset AppendedAt, ReadOnlyMemory<byte> Bytes, bool Validated = false)
{
    /// <summary>
    /// Reads the record as an event: a record validated at append through the cheaper reader that trusts that, refilling
    /// <paramref name="reuse"/> (when given) instead of allocating an event.
    /// </summary>
    public EventReadResult ReadEvent(StreamEvent? reuse = null) => Validated
        ? ValidatedEventReader.Read(Bytes, new EventPosition(Partition, Sequence), AppendedAt, reuse)
        : CloudEventReader.Read(Bytes, new EventPosition(Partition, Sequence), AppendedAt);
}
