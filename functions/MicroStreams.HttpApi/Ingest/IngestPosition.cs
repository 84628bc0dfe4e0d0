namespace MicroStreams.Http.Ingest;

/// <summary>Where an accepted event sits in the log.</summary>
public sealed record IngestPosition(int Partition, long Sequence);
