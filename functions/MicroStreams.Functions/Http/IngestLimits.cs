namespace MicroStreams.Functions.Http;

/// <summary>Size limits of the ingest route (defaults as the embedded host: 1 MB per request, 256 KB per event).</summary>
public sealed record IngestLimits
{
    public int MaxRequestBytes { get; init; } = 1024 * 1024;
    public int MaxEventBytes { get; init; } = 256 * 1024;
}
