using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Timers;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Projections;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// Builds a new generation of one processor's workers in one partition from history, beside the live generation and
/// with the same steps as the live consumer (the <see cref="WorkerApplier"/>, timers due by an event's time fire before it
/// reaches its worker, and the queue fires up to the batch's event time). Nothing it decides is delivered: effects,
/// dead letters and projection rows are only collected, for the report and for the atomic switch.
/// </summary>
internal sealed class PartitionRebuild
{
    private readonly IProcessor _processor;
    private readonly HashSet<string> _subscribes;
    private readonly string? _keyPrefix;
    private readonly long? _fromSequence;
    private readonly DateTimeOffset? _fromTime;
    private readonly WorkerApplier _applier;
    private readonly ApplyResults _results = new();
    private readonly TimerQueue _timers = new();
    private readonly ReplayTally _tally;
    private readonly List<Effect>? _effects;

    public PartitionRebuild(int partition, IProcessor processor, ReplayRequest request, long generation, int handlerAttempts, ReplayTally tally, bool collectEffects)
    {
        Partition = partition;
        _processor = processor;
        _subscribes = processor.Spec.Subscribes.ToHashSet(StringComparer.Ordinal);
        _keyPrefix = string.IsNullOrEmpty(request.KeyPrefix) ? null : request.KeyPrefix;
        _fromSequence = request.FromSequence;
        _fromTime = request.FromTime;
        IsFull = request.CoversEverything;
        Generation = generation;
        _applier = new WorkerApplier(handlerAttempts);
        _tally = tally;
        _effects = collectEffects ? [] : null;
    }

    public int Partition { get; }
    public long Generation { get; }
    public string? KeyPrefix => _keyPrefix;

    /// <summary>The last log sequence this rebuild has read (applied or skipped).</summary>
    public long Position { get; private set; }

    public Dictionary<WorkerId, Worker> Workers { get; } = [];

    /// <summary>Effects the rebuilt generation decided, when collected (shadow); never delivered.</summary>
    public IReadOnlyList<Effect> Effects => _effects ?? [];

    /// <summary>Handler failures to record as dead letters when the generation goes live (so they can be redriven).</summary>
    public List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>Projection rows the rebuilt generation wrote, last write per row; for the projection rebuild seam.</summary>
    public Dictionary<(string Projection, string Key), string?> Projections { get; } = [];

    /// <summary>Whether this rebuild covers every key and the whole log: only such a rebuild may lift a processor's pause.</summary>
    public bool IsFull { get; }

    /// <summary>Whether <paramref name="key"/> is one this rebuild owns (all keys, or those with the requested prefix).</summary>
    public bool Covers(string key) => _keyPrefix is null || key.StartsWith(_keyPrefix, StringComparison.Ordinal);

    /// <summary>Applies <paramref name="records"/> in order, then fires queued timers up to the last event time (never past <paramref name="now"/>).</summary>
    public void Apply(List<LogRecord> records, DateTimeOffset now)
    {
        var lastEventTime = DateTimeOffset.MinValue;
        foreach (var record in records)
        {
            Position = record.Sequence;
            Interlocked.Increment(ref _tally.EventsRead);
            if (record.Sequence < _fromSequence || record.AppendedAt < _fromTime)
            {
                continue;
            }

            var position = new EventPosition(Partition, record.Sequence);
            var read = CloudEventReader.Read(record.Bytes, position, record.AppendedAt);
            if (!read.IsValid)
            {
                continue;
            }

            // The batch watermark counts every valid event, subscribed or not, exactly as the live consumer does.
            var @event = read.Event;
            lastEventTime = @event.Time > lastEventTime ? @event.Time : lastEventTime;
            if (!_subscribes.Contains(@event.Type))
            {
                continue;
            }

            if (Router.KeyFor(_processor, @event) is not { } key || !Covers(key))
            {
                continue;
            }

            var id = new WorkerId(_processor.Spec.Name, key);
            Workers.TryGetValue(id, out var worker);
            if (worker?.Timers is { Count: > 0 })
            {
                FireDueTimersOf(worker, @event.Time < now ? @event.Time : now);
            }

            var outcome = _applier.ApplyEvent(_processor, ref worker, key, @event, _results);
            switch (outcome)
            {
                case ApplyOutcome.Applied:
                    worker!.Generation = Generation;
                    Workers[id] = worker;
                    Interlocked.Increment(ref _tally.EventsApplied);
                    break;
                case ApplyOutcome.Failed:
                    worker!.Generation = Generation;
                    Workers[id] = worker;
                    Interlocked.Increment(ref _tally.HandlerFailures);
                    DeadLetters.Add(Letter(DeadLetterKind.HandlerFailed, position, @event, id, worker.QuarantineReason!, _applier.MaxAttempts, record.Bytes, now));
                    break;
                case ApplyOutcome.Parked:
                    DeadLetters.Add(Letter(DeadLetterKind.Parked, position, @event, id, $"worker quarantined: {worker!.QuarantineReason}", 0, record.Bytes, now));
                    break;
            }

            TakeResults();
        }

        if (lastEventTime > DateTimeOffset.MinValue)
        {
            FireDue(lastEventTime < now ? lastEventTime : now);
        }
    }

    /// <summary>Advances the position over a stretch the source does not hold (deleted by retention and not archived).</summary>
    public void SkipTo(long sequence) => Position = Math.Max(Position, sequence);

    /// <summary>Fires every timer due at or before <paramref name="upTo"/>, earliest first, effects suppressed.</summary>
    public void FireDue(DateTimeOffset upTo)
    {
        while (_timers.TryTakeDue(upTo, out var entry))
        {
            if (Workers.TryGetValue(entry.Worker, out var worker))
            {
                FireDueTimersOf(worker, upTo);
            }
        }
    }

    private void FireDueTimersOf(Worker worker, DateTimeOffset upTo)
    {
        while (worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } timers)
        {
            // (due, name) with ordinal names: the consumer's firing order for simultaneous timers.
            var earliest = timers.Values.MinBy(t => (t.Due.UtcTicks, t.Name), TimerOrder.Instance);
            if (earliest.Due > upTo)
            {
                return;
            }

            var outcome = _applier.FireTimer(_processor, worker, earliest.Name, earliest.Token, upTo, Partition, _results);
            if (outcome == ApplyOutcome.Applied)
            {
                Interlocked.Increment(ref _tally.TimersFired);
                TakeResults();
                continue;
            }

            if (outcome == ApplyOutcome.Failed)
            {
                Interlocked.Increment(ref _tally.HandlerFailures);
                TakeResults();
            }

            return;
        }
    }

    private void TakeResults()
    {
        foreach (var (worker, timer) in _results.ArmedTimers)
        {
            _timers.Arm(worker, timer);
        }

        Interlocked.Add(ref _tally.EffectsSuppressed, _results.Effects.Count);
        _effects?.AddRange(_results.Effects);
        foreach (var change in _results.ProjectionChanges)
        {
            Projections[(change.Projection, change.Key)] = change.Document;
        }

        _results.Clear();
    }

    private DeadLetter Letter(DeadLetterKind kind, EventPosition position, StreamEvent @event, WorkerId worker, string reason, int attempts, ReadOnlyMemory<byte> raw, DateTimeOffset now) => new()
    {
        Kind = kind,
        Partition = position.Partition,
        Sequence = position.Sequence,
        Processor = worker.Processor,
        Key = worker.Key,
        EventId = @event.Id,
        EventType = @event.Type,
        Reason = $"replay generation {Generation}: {reason}",
        Attempts = attempts,
        Raw = raw.ToArray(),
        CreatedAt = now,
    };

    private sealed class TimerOrder : IComparer<(long Due, string Name)>
    {
        public static TimerOrder Instance { get; } = new();

        public int Compare((long Due, string Name) x, (long Due, string Name) y)
        {
            var byDue = x.Due.CompareTo(y.Due);
            return byDue != 0 ? byDue : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
