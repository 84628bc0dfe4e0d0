using MicroStreams.Events;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Events;
using MicroStreams.Routing;

namespace MicroStreams.Functions.Routing;

/// <summary>
/// Turns a trigger batch into a <see cref="BatchPlan"/> with the core <see cref="Router"/>: records that are not valid
/// CloudEvents become dead letters (the trigger checkpoints regardless, so nothing may be dropped silently), the rest
/// are grouped per (processor, key) in log order.
/// </summary>
public sealed class BatchPlanner(Router router, EventLimits? limits = null)
{
    private readonly EventLimits _limits = limits ?? EventLimits.Default;

    public BatchPlan Plan(IReadOnlyList<LogRecord> records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return new BatchPlan(0, 0, -1, [], []);
        }

        var poison = new List<DeadLetterDocument>();
        var events = new List<StreamEvent>(records.Count);
        var enqueued = new Dictionary<long, DateTimeOffset>(records.Count);
        foreach (var record in records)
        {
            var read = CloudEventReader.Read(record.Body, new EventPosition(record.Partition, record.Sequence), record.EnqueuedTime, _limits);
            if (!read.IsValid)
            {
                poison.Add(DeadLetterDocument.ForUnparseable(record, read.Rejection.ToString(), now));
                continue;
            }

            events.Add(read.Event);
            enqueued[record.Sequence] = record.EnqueuedTime;
        }

        var plan = router.Plan(events);
        var keys = new List<KeyBatch>(plan.Workers.Count);
        foreach (var worker in plan.Workers)
        {
            var forWorker = plan.EventsFor(worker);
            var batch = new LogEvent[forWorker.Count];
            for (var i = 0; i < forWorker.Count; i++)
            {
                batch[i] = LogEvent.From(forWorker[i], enqueued[forWorker[i].Position.Sequence]);
            }

            keys.Add(new KeyBatch(worker.Processor, worker.Key, batch));
        }

        return new BatchPlan(records[0].Partition, records[0].Sequence, records[^1].Sequence, poison, keys) { Horizon = records[^1].EnqueuedTime };
    }
}
