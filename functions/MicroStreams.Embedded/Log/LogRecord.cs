namespace MicroStreams.Embedded.Log;

/// <summary>A record read back from the log, with the time the log accepted it.</summary>
public readonly record struct LogRecord(int Partition, long Sequence, DateTimeOffset AppendedAt, ReadOnlyMemory<byte> Bytes);
