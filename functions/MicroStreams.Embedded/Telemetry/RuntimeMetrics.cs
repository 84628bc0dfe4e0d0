using System.Diagnostics.Metrics;
using System.Globalization;
using MicroStreams.Telemetry;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The runtime's histograms and lag gauge on <see cref="System.Diagnostics.Metrics"/>, one <see cref="Meter"/> per runtime
/// (named <see cref="MicroStreamsTelemetry.Name"/>), so that a host exports only its own runtime when several share a process.
/// Recording costs nothing measurable without a listener: the instruments check for one, and the tags are cached.
/// </summary>
public sealed class RuntimeMetrics : IDisposable
{
    private static readonly double[] Seconds = MetricNames.SecondsBuckets;
    private static readonly int[] Sizes = MetricNames.SizeBuckets;

    private readonly Histogram<double> _ingestDuration;
    private readonly Histogram<int> _ingestSize;
    private readonly Histogram<double> _applyDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _effectLatency;
    private readonly Histogram<double> _timerLateness;

    internal RuntimeMetrics(Func<IEnumerable<Measurement<long>>> lags, object? scope)
    {
        Meter = new Meter(new MeterOptions(MicroStreamsTelemetry.Name) { Version = "1.0", Scope = scope ?? this });
        _ingestDuration = Meter.CreateHistogram<double>("microstreams.ingest.duration", "s", "Time to validate and durably append one ingest request", advice: new() { HistogramBucketBoundaries = Seconds });
        _ingestSize = Meter.CreateHistogram<int>("microstreams.ingest.batch.size", "{event}", "Events per ingest request", advice: new() { HistogramBucketBoundaries = Sizes });
        _applyDuration = Meter.CreateHistogram<double>(MetricNames.ApplyDuration, "s", "Time a partition's consumer takes to apply and commit one batch", advice: new() { HistogramBucketBoundaries = Seconds });
        _batchSize = Meter.CreateHistogram<int>(MetricNames.ApplyBatchSize, "{event}", "Events and timers handled per consumer batch", advice: new() { HistogramBucketBoundaries = Sizes });
        _effectLatency = Meter.CreateHistogram<double>(MetricNames.EffectLatency, "s", "From the log accepting an event to the delivery of an effect decided on it", advice: new() { HistogramBucketBoundaries = Seconds });
        _timerLateness = Meter.CreateHistogram<double>("microstreams.timer.lateness", "s", "How long after its due time a timer fired (wall clock)", advice: new() { HistogramBucketBoundaries = Seconds });
        Meter.CreateObservableGauge("microstreams.consumer.lag", lags, "{event}", "Events a processor has yet to apply, per partition and processor");
    }

    public Meter Meter { get; }

    private static readonly KeyValuePair<string, object?>[] PartitionTags = [.. Enumerable.Range(0, 256).Select(p => new KeyValuePair<string, object?>("partition", p.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>The <c>partition</c> tag, cached for the usual partition counts so that measurements carry it without allocating.</summary>
    internal static KeyValuePair<string, object?> PartitionTag(int partition) =>
        partition < PartitionTags.Length ? PartitionTags[partition] : new("partition", partition.ToString(CultureInfo.InvariantCulture));

    internal void Ingested(int events, TimeSpan elapsed)
    {
        _ingestDuration.Record(elapsed.TotalSeconds);
        _ingestSize.Record(events);
    }

    internal void BatchApplied(int partitionNumber, int handled, TimeSpan elapsed)
    {
        if (handled > 0)
        {
            var partition = PartitionTag(partitionNumber);
            _applyDuration.Record(elapsed.TotalSeconds, partition);
            _batchSize.Record(handled, partition);
        }
    }

    internal void EffectDelivered(string channel, TimeSpan sinceIngest) =>
        _effectLatency.Record(Math.Max(0, sinceIngest.TotalSeconds), new KeyValuePair<string, object?>("channel", channel));

    internal void TimerFired(string processor, TimeSpan late) =>
        _timerLateness.Record(Math.Max(0, late.TotalSeconds), new KeyValuePair<string, object?>("processor", processor));

    public void Dispose() => Meter.Dispose();
}
