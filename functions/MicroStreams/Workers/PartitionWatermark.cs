namespace MicroStreams.Workers;

/// <summary>The last sequence a worker applied from one source partition; anything at or below it is a redelivery.</summary>
public readonly record struct PartitionWatermark(int Partition, long Sequence);
