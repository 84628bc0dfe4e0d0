namespace MicroStreams.Examples.Push;

/// <summary>What a push worker has forwarded to one destination: events queued and batches flushed.</summary>
public sealed record DestinationCounts(long Forwarded, long Batches);
