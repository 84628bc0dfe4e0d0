namespace MicroStreams.Cli.Bench;

/// <summary>Quantiles of a latency sample, in milliseconds (measured with the high-resolution clock).</summary>
public sealed record LatencySummary(double P50Milliseconds, double P99Milliseconds, double P999Milliseconds, double MaxMilliseconds)
{
    public override string ToString() => $"p50 {P50Milliseconds:0.000} ms, p99 {P99Milliseconds:0.000} ms, p99.9 {P999Milliseconds:0.000} ms, max {MaxMilliseconds:0.000} ms";
}
