using System.Collections.Concurrent;
using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Log;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// One partition of a replay: the rebuild (for a shadow, with the scope of live effects it answers for) and the history it reads.
/// Only one thread drives a lane at a time.
/// </summary>
internal sealed class ReplayLane(PartitionConsumer consumer, PartitionRebuild rebuild, ShadowScope? scope, ReplaySource source, int batchEvents) : IDisposable
{
    /// <summary>Batch lists shared by the lanes of every replay: only the lanes reading at the moment need one (a 64k-record
    /// list is a 3 MB large object), not every partition.</summary>
    private static readonly ConcurrentBag<List<LogRecord>> SpareLists = [];

    public PartitionConsumer Consumer { get; } = consumer;
    public PartitionRebuild Rebuild { get; } = rebuild;
    public ShadowScope? Scope { get; } = scope;
    public int Partition => Consumer.Partition;

    /// <summary>The replay's span, when traced: each batch applied is a span under it.</summary>
    public System.Diagnostics.Activity? Trace { get; init; }

    /// <summary>
    /// Reads and applies history up to <paramref name="target"/> batch by batch, calling <paramref name="afterBatch"/> after
    /// each (progress, cancellation), which says whether to go on. Stops early when the source holds nothing more up to
    /// the target.
    /// </summary>
    public void CatchUp(long target, DateTimeOffset now, Func<bool> afterBatch)
    {
        var records = SpareLists.TryTake(out var spare) ? spare : new List<LogRecord>(batchEvents);
        try
        {
            while (Rebuild.Position < target)
            {
                source.Read(Rebuild.Position, target, batchEvents, records);
                if (records.Count == 0)
                {
                    // Nothing retained (and nothing archived) up to the target: there is no more history to read.
                    Rebuild.SkipTo(target);
                    break;
                }

                using (Telemetry.ReplayTracing.StartBatch(Trace, Partition, records))
                {
                    Scope?.Observe(records);
                    Rebuild.Apply(records, now);
                }

                if (!afterBatch())
                {
                    break;
                }
            }
        }
        finally
        {
            // The records' bytes live in the source's buffers: both go back now, so a lane waiting for the others holds none.
            records.Clear();
            SpareLists.Add(records);
            source.Release();
        }
    }

    /// <summary>Fires the rebuilt generation's timers due by <paramref name="watermark"/> (the live consumer's), effects suppressed.</summary>
    public void FireDue(DateTimeOffset watermark) => Rebuild.FireDue(watermark);

    public void Dispose() => source.Dispose();
}
