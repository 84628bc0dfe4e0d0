using System.Text;
using MicroStreams.Archive;
using MicroStreams.Functions.Archive;
using MicroStreams.Functions.Routing;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>
/// Plans a page of archived records for one processor, as the embedded rebuild does: records before the requested
/// position or time are read but not applied; every record moves the partition's watermark to its append (enqueued)
/// time; the events the processor (or, for a shadow, either code) subscribes to are grouped per worker key with the
/// requested prefix, in log order, each with the time its worker's timers fire up to before it: its own append time.
/// </summary>
public static class ArchivePagePlanner
{
    public static (IReadOnlyList<ReplayKeyBatch> Keys, DateTimeOffset Watermark) Plan(
        IReadOnlyList<ArchiveRecord> records, IProcessor code, IProcessor live, ReplayRequest request, DateTimeOffset watermark)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(request);
        var byKey = new Dictionary<string, (List<LogEvent> Events, List<DateTimeOffset> FireUpTo)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var record in records)
        {
            if (record.Sequence < request.FromSequence || record.EnqueuedTime < request.FromTime)
            {
                continue;
            }

            var logEvent = new LogEvent(record.Partition, record.Sequence, record.EnqueuedTime, Encoding.UTF8.GetString(ArchiveLines.Original(record.Body.Span)));
            watermark = record.EnqueuedTime > watermark ? record.EnqueuedTime : watermark;
            var read = logEvent.Read();
            if (!read.IsValid)
            {
                continue;
            }

            if (!code.Spec.Subscribes.Contains(read.Event.Type) && !live.Spec.Subscribes.Contains(read.Event.Type))
            {
                continue;
            }

            if (Router.KeyFor(code, read.Event) is not { } key || (request.KeyPrefix is { Length: > 0 } prefix && !key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            if (!byKey.TryGetValue(key, out var batch))
            {
                byKey[key] = batch = ([], []);
                order.Add(key);
            }

            batch.Events.Add(logEvent);
            batch.FireUpTo.Add(record.EnqueuedTime);
        }

        return ([.. order.Select(k => new ReplayKeyBatch(k, byKey[k].Events, byKey[k].FireUpTo))], watermark);
    }
}
