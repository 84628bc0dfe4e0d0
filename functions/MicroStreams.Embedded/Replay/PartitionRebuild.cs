using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.Timers;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Timers;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// Builds a new generation of one processor's workers in one partition from history, beside the live generation and
/// with the same steps as the live consumer (the <see cref="WorkerApplier"/>, timers due by an event's time fire before it
/// reaches its worker, and the queue fires up to the batch's event time). Nothing it decides is delivered: effects,
/// dead letters and projection rows are only collected, for the report and for the atomic switch.
/// </summary>
/// <remarks>
/// While the rebuild owns a worker, its <see cref="Worker.HostMark"/> (the owner's scratch) holds a lower bound of its
/// next timer's due (UTC ticks; <see cref="NoTimer"/> when it has none), and the timer queue holds an entry at or
/// before that bound for every worker with timers. An event then looks at the worker's timers only when the bound has
/// passed, and a timer pushed out by each event (the usual case) costs the queue nothing.
/// </remarks>
internal sealed partial class PartitionRebuild
{
    private const long NoTimer = long.MaxValue;

    /// <summary>How many records of each batch are always peeked at, to tell whether peeking pays for the rest.</summary>
    private const int PeekSample = 256;

    private readonly IProcessor _processor;
    private readonly HashSet<string> _subscribes;
    private readonly RecordPeek _peek;
    private readonly string? _keyPrefix;
    private readonly long? _fromSequence;
    private readonly DateTimeOffset? _fromTime;
    private readonly WorkerApplier _applier;
    private readonly ApplyResults _results = new();
    private readonly TimerQueue _timers = new();
    private readonly ReplayTally _tally;
    private readonly List<Effect>? _effects;

    /// <summary>Event objects refilled record after record (one per record of a chunk), when the processor does not keep events.</summary>
    private readonly StreamEvent[]? _reusable;

    /// <summary><see cref="Workers"/> looked up by a key's characters.</summary>
    private readonly Dictionary<string, Worker>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public PartitionRebuild(int partition, IProcessor processor, ReplayRequest request, long generation, int handlerAttempts, ReplayTally tally, bool collectEffects, int expectedWorkers = 0)
    {
        Partition = partition;
        _processor = processor;
        _subscribes = processor.Spec.Subscribes.ToHashSet(StringComparer.Ordinal);
        _peek = new RecordPeek(_subscribes);
        _keyPrefix = string.IsNullOrEmpty(request.KeyPrefix) ? null : request.KeyPrefix;
        _fromSequence = request.FromSequence;
        _fromTime = request.FromTime;
        IsFull = request.CoversEverything;
        Generation = generation;
        _applier = new WorkerApplier(handlerAttempts);
        _tally = tally;
        _effects = collectEffects ? [] : null;
        _reusable = processor.Spec.KeepsEvents ? null : [.. Enumerable.Range(0, Chunk).Select(_ => StreamEvent.Reusable())];
        Workers = new Dictionary<string, Worker>(expectedWorkers, StringComparer.Ordinal);
        _byChars = Workers.GetAlternateLookup<ReadOnlySpan<char>>();
        _hints = new WorkerHints(expectedWorkers);
        Projections = new ProjectionRows(Workers, expectedWorkers);
    }

    public int Partition { get; }
    public long Generation { get; }
    public string? KeyPrefix => _keyPrefix;

    /// <summary>Whether this rebuild covers every key and the whole log: only such a rebuild may lift a processor's pause.</summary>
    public bool IsFull { get; }

    /// <summary>The last log sequence this rebuild has read (applied or skipped).</summary>
    public long Position { get; private set; }

    /// <summary>The rebuilt workers by key (all of one processor).</summary>
    public Dictionary<string, Worker> Workers { get; }

    /// <summary>Effects the rebuilt generation decided, when collected (shadow); never delivered.</summary>
    public IReadOnlyList<Effect> Effects => _effects ?? [];

    /// <summary>Handler failures to record as dead letters when the generation goes live (so they can be redriven).</summary>
    public List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>Projection rows the rebuilt generation wrote, last write per row.</summary>
    public ProjectionRows Projections { get; }

    /// <summary>Whether <paramref name="key"/> is one this rebuild owns (all keys, or those with the requested prefix).</summary>
    public bool Covers(string key) => _keyPrefix is null || key.StartsWith(_keyPrefix, StringComparison.Ordinal);

    /// <summary>Applies <paramref name="records"/> in order, then fires queued timers up to the last event time (never past <paramref name="now"/>).</summary>
    /// <remarks>
    /// A chunk of records at a time: first each is read and its worker guessed and prefetched (<see cref="WorkerHints"/>),
    /// then they are applied in order, each with the parts of the worker a few records ahead prefetched too. By the time
    /// an event reaches its worker, the memory it touches is mostly in the cache.
    /// </remarks>
    public void Apply(List<LogRecord> records, DateTimeOffset now)
    {
        var batch = new BatchRead();
        for (var start = 0; start < records.Count; start += Chunk)
        {
            var end = Math.Min(start + Chunk, records.Count);
            for (var i = start; i < end; i++)
            {
                _chunk[i - start] = ReadAhead(records, i, ref batch);
            }

            for (var k = 0; k < PartsAhead && k < end - start; k++)
            {
                PrefetchParts(_guesses[k]);
            }

            for (var i = start; i < end; i++)
            {
                var k = i - start;
                if (k + PartsAhead < end - start)
                {
                    PrefetchParts(_guesses[k + PartsAhead]);
                }

                if (_chunk[k] is { } @event)
                {
                    _chunk[k] = null;
                    ApplyOne(records[i], @event, now, ref batch);
                }
            }
        }

        if (records.Count > 0)
        {
            Position = records[^1].Sequence;
        }

        var lastEventTime = Watermark(batch.Skipped, records, batch.LastEventTime);
        Interlocked.Add(ref _tally.EventsRead, records.Count);
        Interlocked.Add(ref _tally.EventsApplied, batch.Applied);
        Interlocked.Add(ref _tally.HandlerFailures, batch.Failures);
        if (lastEventTime > DateTimeOffset.MinValue)
        {
            FireDue(lastEventTime < now ? lastEventTime : now);
        }

        CompactTimers();
    }

    private void ApplyOne(LogRecord record, StreamEvent @event, DateTimeOffset now, ref BatchRead batch)
    {
        if (FindWorker(@event, out var worker) is not { } key || !Covers(key))
        {
            return;
        }

        var upTo = @event.Time < now ? @event.Time : now;
        if (worker is not null && worker.HostMark <= upTo.UtcTicks)
        {
            FireDueTimersOf(worker, upTo);
        }

        var existed = worker is not null;
        var outcome = _applier.ApplyEvent(_processor, ref worker, key, @event, _results);
        if (!existed && worker is not null)
        {
            worker.HostMark = NoTimer;
        }

        var position = new EventPosition(Partition, record.Sequence);
        switch (outcome)
        {
            case ApplyOutcome.Applied:
                worker!.Generation = Generation;
                Add(key, worker, existed);
                batch.Applied++;
                break;
            case ApplyOutcome.Failed:
                worker!.Generation = Generation;
                Add(key, worker, existed);
                batch.Failures++;
                DeadLetters.Add(Letter(DeadLetterKind.HandlerFailed, position, @event, worker.Id, worker.QuarantineReason!, _applier.MaxAttempts, record.Bytes, now));
                break;
            case ApplyOutcome.Parked:
                DeadLetters.Add(Letter(DeadLetterKind.Parked, position, @event, worker!.Id, $"worker quarantined: {worker.QuarantineReason}", 0, record.Bytes, now));
                break;
        }

        if (worker is not null)
        {
            TakeResults(worker);
        }
    }

    private void Add(string key, Worker worker, bool existed)
    {
        if (!existed)
        {
            Workers[key] = worker;
            _hints.Added(worker, Workers);
        }
    }

    /// <summary>
    /// The event's worker key (null when it has none) and its rebuilt worker, if any. A key routed by the event's subject is
    /// looked up as characters: a worker seen before gives its key string, so an event of a reused instance (which holds
    /// its subject as bytes) makes no string for it.
    /// </summary>
    private string? FindWorker(StreamEvent @event, out Worker? worker)
    {
        Span<char> chars = stackalloc char[KeyChars];
        if (Router.TryCopyKey(_processor, @event, chars, out var length) && length > 0)
        {
            if (_byChars.TryGetValue(chars[..length], out var known, out worker))
            {
                return known;
            }

            return new string(chars[..length]);
        }

        worker = null;
        var key = Router.KeyFor(_processor, @event);
        if (key is not null)
        {
            Workers.TryGetValue(key, out worker);
        }

        return key;
    }

    /// <summary>Advances the position over a stretch the source does not hold (deleted by retention and not archived).</summary>
    public void SkipTo(long sequence) => Position = Math.Max(Position, sequence);

    private void TakeResults(Worker worker)
    {
        foreach (var (_, timer) in _results.ArmedTimers)
        {
            // Queued only when it lowers the worker's bound: a timer pushed out (the usual case) is covered by the entry
            // at the bound, which finds the worker's real next due when it surfaces.
            if (timer.Due.UtcTicks < worker.HostMark)
            {
                worker.HostMark = timer.Due.UtcTicks;
                Arm(worker, worker.HostMark);
            }
        }

        if (_results.Effects.Count > 0)
        {
            Interlocked.Add(ref _tally.EffectsSuppressed, _results.Effects.Count);
            _effects?.AddRange(_results.Effects);
        }

        foreach (var change in _results.ProjectionChanges)
        {
            Projections.Set(change, worker);
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
}
