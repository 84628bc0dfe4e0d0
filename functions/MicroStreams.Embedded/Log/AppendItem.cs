namespace MicroStreams.Embedded.Log;

/// <summary>One record to append: its partition, the key that recognises a retry (null skips dedupe), and its bytes.</summary>
public readonly record struct AppendItem(int Partition, DedupeKey? DedupeKey, ReadOnlyMemory<byte> Bytes);
