using MicroStreams.Embedded;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Metrics;
using MicroStreams.Http.Problems;

namespace MicroStreams.Http.Ingest;

/// <summary>The ingest port over the embedded runtime: its backlog is the backpressure, its log validates and appends, and serve's meters count.</summary>
internal sealed class RuntimeEventSink(EmbeddedRuntime runtime, HttpOptions options, ServeMetrics metrics) : IEventSink
{
    public Throttle? Pressure()
    {
        var backlog = runtime.Backlog();
        return backlog <= options.BacklogLimit
            ? null
            : new Throttle(options.RetryAfter,
                $"{backlog} events wait to be processed (the limit is {options.BacklogLimit}); retry after {options.RetryAfter.TotalSeconds:0} s");
    }

    public async Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        var result = await runtime.IngestAsync(events, cancellationToken);
        if (result.Receipt is not { } receipt)
        {
            metrics.Rejected(events.Count);
            return AppendOutcome.Rejected([.. result.Rejections.Select(r => new ProblemError(r.Index, r.Rejection.Field, r.Rejection.Reason))]);
        }

        metrics.Ingested(receipt.Appended, receipt.Duplicates);
        return AppendOutcome.Appended(new IngestReceipt(receipt.Appended, receipt.Duplicates,
            [.. receipt.Positions.Select(p => p is { } at ? new IngestPosition(at.Partition, at.Sequence) : null)]));
    }

    public void Refused(int events) => metrics.Rejected(events);
}
