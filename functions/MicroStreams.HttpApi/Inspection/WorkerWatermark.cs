namespace MicroStreams.Http.Inspection;

/// <summary>The last sequence a worker applied from one partition.</summary>
public sealed record WorkerWatermark(int Partition, long Sequence);
