namespace MicroStreams.Http.Ingest;

/// <summary>A 429 (<c>backpressure</c>): how long the client should wait (<c>Retry-After</c>) and why.</summary>
public sealed record Throttle(TimeSpan RetryAfter, string Detail);
