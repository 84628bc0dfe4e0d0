using System.Diagnostics.Metrics;
using System.Globalization;
using MicroStreams.Telemetry;

namespace MicroStreams.Functions.Telemetry;

/// <summary>
/// The Functions worker's MicroStreams instruments, under the embedded host's names and buckets (<see cref="MetricNames"/>):
/// how long the Route function takes to have a trigger batch applied and how many events it holds, per partition, and
/// the time from Event Hubs accepting an event to the delivery of an effect decided on it, per channel.
/// </summary>
public sealed class FunctionsMetrics
{
    private readonly Histogram<double> _applyDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _effectLatency;

    public FunctionsMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(new MeterOptions(MicroStreamsActivity.SourceName) { Version = "1.0" });
        _applyDuration = meter.CreateHistogram<double>(MetricNames.ApplyDuration, "s", "Time the Route function takes to have one trigger batch applied by its workers", advice: new() { HistogramBucketBoundaries = MetricNames.SecondsBuckets });
        _batchSize = meter.CreateHistogram<int>(MetricNames.ApplyBatchSize, "{event}", "Events per trigger batch", advice: new() { HistogramBucketBoundaries = MetricNames.SizeBuckets });
        _effectLatency = meter.CreateHistogram<double>(MetricNames.EffectLatency, "s", "From the log accepting an event to the delivery of an effect decided on it", advice: new() { HistogramBucketBoundaries = MetricNames.SecondsBuckets });
    }

    internal void BatchApplied(int partition, int events, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("partition", partition.ToString(CultureInfo.InvariantCulture));
        _applyDuration.Record(elapsed.TotalSeconds, tag);
        _batchSize.Record(events, tag);
    }

    internal void EffectDelivered(string channel, TimeSpan sinceIngest) =>
        _effectLatency.Record(Math.Max(0, sinceIngest.TotalSeconds), new KeyValuePair<string, object?>("channel", channel));
}
