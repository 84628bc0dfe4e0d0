using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;

namespace MicroStreams.Http.Ingest;

/// <summary>The ingest port over the embedded runtime: its backlog is the backpressure, its log validates and appends, and serve's meters count.</summary>
internal sealed class RuntimeEventSink(ServeContext serve) : IEventSink
{
    public Throttle? Pressure()
    {
        var backlog = serve.Runtime.Backlog();
        return backlog <= serve.Options.BacklogLimit
            ? null
            : new Throttle(serve.Options.RetryAfter,
                $"{backlog} events wait to be processed (the limit is {serve.Options.BacklogLimit}); retry after {serve.Options.RetryAfter.TotalSeconds:0} s");
    }

    public async Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        var result = await serve.Runtime.IngestAsync(events, cancellationToken);
        if (result.Receipt is not { } receipt)
        {
            serve.Metrics.Rejected(events.Count);
            return AppendOutcome.Rejected([.. result.Rejections.Select(r => new ProblemError(r.Index, r.Rejection.Field, r.Rejection.Reason))]);
        }

        serve.Metrics.Ingested(receipt.Appended, receipt.Duplicates);
        return AppendOutcome.Appended(new IngestReceipt(receipt.Appended, receipt.Duplicates,
            [.. receipt.Positions.Select(p => p is { } at ? new IngestPosition(at.Partition, at.Sequence) : null)]));
    }

    public void Refused(int events) => serve.Metrics.Rejected(events);
}
