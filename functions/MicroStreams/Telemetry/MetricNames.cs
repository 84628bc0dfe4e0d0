namespace MicroStreams.Telemetry;

/// <summary>The instruments every host records under the same name, unit and buckets (docs/telemetry.md).</summary>
public static class MetricNames
{
    public const string ApplyDuration = "microstreams.apply.duration";
    public const string ApplyBatchSize = "microstreams.apply.batch.size";
    public const string EffectLatency = "microstreams.effect.latency";

    /// <summary>Histogram buckets in seconds, from half a millisecond to five minutes.</summary>
    public static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    /// <summary>Histogram buckets of batch sizes, up to a 64k-event batch.</summary>
    public static readonly int[] SizeBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536];
}
