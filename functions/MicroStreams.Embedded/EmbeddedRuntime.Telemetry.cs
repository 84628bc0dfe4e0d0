using System.Diagnostics;
using System.Diagnostics.Metrics;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Telemetry;

namespace MicroStreams.Embedded;

public sealed partial class EmbeddedRuntime
{
    /// <summary>
    /// Per partition and processor, the events not yet applied. One consumer applies every processor of its partition
    /// in the same pass, so a live processor's lag is its partition's; the tag lets dashboards and alerts say which
    /// processors wait on a partition that falls behind.
    /// </summary>
    private IEnumerable<Measurement<long>> ConsumerLags()
    {
        foreach (var consumer in _consumers)
        {
            var lag = Log.Head(consumer.Partition) - consumer.Checkpoint;
            var partition = RuntimeMetrics.PartitionTag(consumer.Partition);
            foreach (var processor in Router.Processors)
            {
                yield return new Measurement<long>(lag, partition, new KeyValuePair<string, object?>("processor", processor.Spec.Name));
            }
        }
    }

    /// <summary>Appends validated events under an <c>append</c> span, timing the whole request for the ingest histograms.</summary>
    private async Task<AppendReceipt> AppendTracedAsync(AppendItem[] items, Activity? ingest, long started, CancellationToken cancellationToken)
    {
        AppendReceipt receipt;
        using (var append = ingest is null ? null : MicroStreamsTelemetry.Source.StartActivity(MicroStreams.Telemetry.SpanNames.Append, ActivityKind.Internal, ingest.Context))
        {
            receipt = await Log.AppendAsync(items, cancellationToken);
            append?.SetTag("microstreams.appended", receipt.Appended);
        }

        Metrics.Ingested(items.Length, Stopwatch.GetElapsedTime(started));
        return receipt;
    }
}
