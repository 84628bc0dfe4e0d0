using MicroStreams.DeadLetters;
using MicroStreams.Embedded.Dashboard;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.State;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Embedded;

/// <summary>The dashboard's live event stream: the latest events of the log, and for one event the workers it reached.</summary>
public sealed partial class EmbeddedRuntime
{
    /// <summary>How far back <see cref="EventDetailAsync"/> looks for the event that activated a worker.</summary>
    private const int ActivationScanLimit = 50_000;

    /// <summary>The latest events matching <paramref name="query"/>, newest appended first (log order within a partition).</summary>
    public EventStreamPage LatestEvents(EventStreamQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 500);
        var found = new List<LoggedEvent>();
        var heads = new Dictionary<int, long>();
        foreach (var consumer in _consumers)
        {
            if (query.Partition is { } only && only != consumer.Partition)
            {
                continue;
            }

            var head = heads[consumer.Partition] = Log.Head(consumer.Partition);
            var after = query.After?.GetValueOrDefault(consumer.Partition) ?? 0;
            if (head <= after)
            {
                continue;
            }

            var inPartition = 0;
            Log.ReadBackwards(consumer.Partition, head, Math.Clamp(query.ScanLimit, 1, 100_000), record =>
            {
                if (record.Sequence <= after)
                {
                    return false;
                }

                var read = record.ReadEvent();
                if (read.IsValid && Matches(read.Event, query))
                {
                    found.Add(ToLogged(record, read.Event));
                    inPartition++;
                }

                return inPartition < limit;
            });
        }

        return new EventStreamPage([.. found.OrderByDescending(e => e.AppendedAt).ThenByDescending(e => e.Position.Sequence).ThenBy(e => e.Position.Partition).Take(limit)], heads);
    }

    /// <summary>
    /// The event at <paramref name="position"/> and what became of it at each worker it was routed to, or null when the
    /// log has no valid event there. Outcomes are read from the workers' records (an applied event is at or below the
    /// worker's watermark; a retired or quarantined worker applies nothing after it) and the dead letters.
    /// </summary>
    public async Task<EventDetail?> EventDetailAsync(EventPosition position, CancellationToken cancellationToken = default)
    {
        if (position.Partition < 0 || position.Partition >= _consumers.Length || position.Sequence < 1 || position.Sequence > Log.Head(position.Partition))
        {
            return null;
        }

        LogRecord? found = null;
        Log.ReadBackwards(position.Partition, position.Sequence, 1, record =>
        {
            found = record;
            return false;
        });
        if (found is not { } record || record.Sequence != position.Sequence || record.ReadEvent() is not { IsValid: true } read)
        {
            return null;
        }

        var @event = read.Event;
        var consumer = _consumers[position.Partition];
        var reached = new List<EventReach>();
        foreach (var processor in Router.SubscribersOf(@event.Type).ToArray())
        {
            if (Router.KeyFor(processor, @event) is not { } key)
            {
                continue;
            }

            var letter = _store.DeadLetters.Reads.At(processor.Spec.Name, key, position);
            var outcome = position.Sequence > consumer.Checkpoint ? ReachOutcome.Pending
                : letter is { Status: DeadLetterStatus.Pending } ? (letter.Kind == DeadLetterKind.Parked ? ReachOutcome.Parked : ReachOutcome.DeadLettered)
                : await OutcomeAtWorkerAsync(processor, key, @event, cancellationToken);
            reached.Add(new EventReach(processor.Spec.Name, key, outcome, letter));
        }

        return new EventDetail(ToLogged(record, @event), reached);
    }

    private async Task<ReachOutcome> OutcomeAtWorkerAsync(IProcessor processor, string key, StreamEvent @event, CancellationToken cancellationToken)
    {
        var position = @event.Position;
        var seen = await _consumers[position.Partition].InspectAsync(
            workers => workers.TryGetValue(new WorkerId(processor.Spec.Name, key), out var worker)
                ? (worker.Status, Watermark: worker.Watermarks.FirstOrDefault(w => w.Partition == position.Partition).Sequence)
                : ((WorkerStatus Status, long Watermark)?)null,
            cancellationToken);
        if (seen is not { } worker)
        {
            return ReachOutcome.NotActivated;
        }

        // The watermark moves only when the handler runs, so an event after it was not applied: the worker had retired
        // or was quarantined by then, or did not exist yet.
        if (position.Sequence > worker.Watermark)
        {
            return worker.Status switch
            {
                WorkerStatus.Retired => ReachOutcome.Ignored,
                WorkerStatus.Quarantined => ReachOutcome.Parked,
                _ => ReachOutcome.NotActivated,
            };
        }

        return processor.Spec.Activates(@event.Type) || ActivatedBefore(processor, key, position) ? ReachOutcome.Applied : ReachOutcome.NotActivated;
    }

    /// <summary>Whether an event that starts the worker came before <paramref name="position"/> (else an earlier event found no worker).</summary>
    private bool ActivatedBefore(IProcessor processor, string key, EventPosition position)
    {
        var activated = false;
        var scanned = 0;
        Log.ReadBackwards(position.Partition, position.Sequence - 1, ActivationScanLimit, record =>
        {
            scanned++;
            var read = record.ReadEvent();
            activated = read.IsValid && processor.Spec.Subscribes.Contains(read.Event.Type) && processor.Spec.Activates(read.Event.Type)
                && Router.KeyFor(processor, read.Event) == key;
            return !activated;
        });

        // Past the scan limit the worker, which exists and has applied up to a later position, most likely started earlier.
        return activated || scanned >= ActivationScanLimit;
    }

    private static bool Matches(StreamEvent @event, EventStreamQuery query) =>
        (query.Type is null || string.Equals(@event.Type, query.Type, StringComparison.Ordinal))
        && (query.Subject is null || string.Equals(@event.Subject, query.Subject, StringComparison.Ordinal));

    private static LoggedEvent ToLogged(LogRecord record, StreamEvent @event) =>
        new(@event.Position, @event.Id, @event.Source, @event.Type, @event.Subject, @event.Time, record.AppendedAt, record.Bytes.ToArray());
}
