namespace MicroStreams.Embedded.Log;

/// <summary>
/// One record to append: its partition, the key that recognises a retry (null skips dedupe), and its bytes.
/// <paramref name="Validated"/> says <see cref="MicroStreams.Events.CloudEventReader"/> accepted the bytes: the log keeps
/// that mark, so readers can take the cheaper <see cref="MicroStreams.Events.ValidatedEventReader"/>.
/// </summary>
public readonly record struct AppendItem(int Partition, DedupeKey? DedupeKey, ReadOnlyMemory<byte> Bytes, bool Validated = false);
