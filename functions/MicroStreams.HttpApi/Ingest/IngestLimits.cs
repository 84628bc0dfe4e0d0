namespace MicroStreams.Http.Ingest;

/// <summary>Limits of the ingest routes (defaults: 1 MB per request, decompressed too, and 256 KB per event).</summary>
public sealed record IngestLimits
{
    public int MaxRequestBytes { get; init; } = 1024 * 1024;

    public int MaxEventBytes { get; init; } = 256 * 1024;
}
