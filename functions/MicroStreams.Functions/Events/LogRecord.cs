namespace MicroStreams.Functions.Events;

/// <summary>
/// One Event Hubs record as the app sees it, independent of the SDK type: where it sits in the log, when the broker
/// accepted it, and its bytes. The body is a structured-mode CloudEvent when producers follow the contract.
/// </summary>
public sealed record LogRecord(
    int Partition,
    long Sequence,
    string? Offset,
    DateTimeOffset EnqueuedTime,
    string? PartitionKey,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, object> Properties);
