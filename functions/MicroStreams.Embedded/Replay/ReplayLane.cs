using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Log;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// One partition of a replay: the rebuild (and, for a shadow, the live code's baseline) and the history it reads.
/// Only one thread drives a lane at a time.
/// </summary>
internal sealed class ReplayLane(PartitionConsumer consumer, PartitionRebuild rebuild, PartitionRebuild? baseline, ReplaySource source, int batchEvents) : IDisposable
{
    private readonly List<LogRecord> _records = new(batchEvents);

    public PartitionConsumer Consumer { get; } = consumer;
    public PartitionRebuild Rebuild { get; } = rebuild;
    public PartitionRebuild? Baseline { get; } = baseline;
    public int Partition => Consumer.Partition;

    /// <summary>
    /// Reads and applies history up to <paramref name="target"/> batch by batch, calling <paramref name="afterBatch"/> after
    /// each (progress, cancellation). Stops early when the source holds nothing more up to the target.
    /// </summary>
    public void CatchUp(long target, DateTimeOffset now, Action afterBatch)
    {
        while (Rebuild.Position < target)
        {
            source.Read(Rebuild.Position, target, batchEvents, _records);
            if (_records.Count == 0)
            {
                // Nothing retained (and nothing archived) up to the target: there is no more history to read.
                Rebuild.SkipTo(target);
                Baseline?.SkipTo(target);
                break;
            }

            Rebuild.Apply(_records, now);
            Baseline?.Apply(_records, now);
            afterBatch();
        }

        _records.Clear();
    }

    /// <summary>Fires both generations' timers due by <paramref name="watermark"/> (the live consumer's), effects suppressed.</summary>
    public void FireDue(DateTimeOffset watermark)
    {
        Rebuild.FireDue(watermark);
        Baseline?.FireDue(watermark);
    }

    public void Dispose() => source.Dispose();
}
