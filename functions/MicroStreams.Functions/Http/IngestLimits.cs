namespace MicroStreams.Functions.Http;

/// <summary>Limits of the ingest route (defaults as the embedded host: 1 MB per request, 256 KB per event) and the wait a 429 asks for.</summary>
public sealed record IngestLimits
{
    public int MaxRequestBytes { get; init; } = 1024 * 1024;
    public int MaxEventBytes { get; init; } = 256 * 1024;

    /// <summary>What a 429 tells the client to wait when Event Hubs throttles (throughput units are measured per second).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
