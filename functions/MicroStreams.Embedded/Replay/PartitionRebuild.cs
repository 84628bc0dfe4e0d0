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
/// with the live consumer's step (<see cref="WorkerStep"/>: timers due by a record's append time fire before it reaches
/// its worker, and the queue fires up to the batch's last append time). Nothing it decides is delivered: effects,
/// dead letters and projection rows are only collected, for the report and for the atomic switch.
/// </summary>
/// <remarks>
/// The timer queue holds an entry at or before <see cref="Worker.NextTimerDue"/> for every worker with timers: a timer
/// pushed out by each event (the usual case) costs the queue nothing, and a surfacing entry queues the worker's real
/// next due again.
/// </remarks>
internal sealed partial class PartitionRebuild
{
    /// <summary>How many records of each batch are always peeked at, to tell whether peeking pays for the rest.</summary>
    private const int PeekSample = 256;

    private readonly IProcessor _processor;
    private readonly HashSet<string> _subscribes;
    private readonly RecordPeek _peek;
    private readonly string? _keyPrefix;
    private readonly long? _fromSequence;
    private readonly DateTimeOffset? _fromTime;
    private readonly WorkerStep _step;
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
        _step = new WorkerStep(handlerAttempts, collectEffects ? StepMode.Shadow : StepMode.Rebuild);
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

    /// <summary>Applies <paramref name="records"/> in order, then fires queued timers up to the last append time (never past <paramref name="now"/>).</summary>
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

        Interlocked.Add(ref _tally.EventsRead, records.Count);
        Interlocked.Add(ref _tally.EventsApplied, batch.Applied);
        Interlocked.Add(ref _tally.HandlerFailures, batch.Failures);
        if (records.Count > 0)
        {
            var lastAppendedAt = records[^1].AppendedAt;
            FireDue(lastAppendedAt < now ? lastAppendedAt : now);
        }

        CompactTimers();
    }

    private void ApplyOne(LogRecord record, StreamEvent @event, DateTimeOffset now, ref BatchRead batch)
    {
        if (FindWorker(@event, out var worker) is not { } key || !Covers(key))
        {
            return;
        }

        var existed = worker is not null;
        var bound = worker?.NextTimerDue ?? long.MaxValue;
        var appendedAt = record.AppendedAt < now ? record.AppendedAt : now;
        _step.Event(_processor, ref worker, key, @event, appendedAt, Generation, _results);
        if (worker is null)
        {
            return;
        }

        Add(key, worker, existed);
        batch.Applied += _results.EventsApplied;
        batch.Failures += _results.Failures;
        TakeResults(worker, bound, record.Bytes, now);
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

    /// <summary>Takes the step's actions: queues the worker's next timer when it fell below <paramref name="bound"/> (the
    /// entry queued for it), keeps effects (suppressed), rows and dead letters.</summary>
    private void TakeResults(Worker worker, long bound, ReadOnlyMemory<byte> raw, DateTimeOffset now)
    {
        if (worker.NextTimerDue < bound && worker.Status == WorkerStatus.Active)
        {
            Arm(worker, worker.NextTimerDue);
        }

        if (_results.TimersFired > 0)
        {
            Interlocked.Add(ref _tally.TimersFired, _results.TimersFired);
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

        foreach (var letter in _results.DeadLetters)
        {
            DeadLetters.Add(Letter(letter, raw, now));
        }

        _results.Clear();
    }

    /// <summary>A step's dead letter as the store keeps it: an event's with its record, a timer's with what identifies it.</summary>
    private DeadLetter Letter(StepDeadLetter letter, ReadOnlyMemory<byte> raw, DateTimeOffset now) => new()
    {
        Kind = letter.Kind,
        Partition = Partition,
        Sequence = letter.Kind == DeadLetterKind.TimerFailed ? Position : letter.Position.Sequence,
        Processor = letter.Worker.Processor,
        Key = letter.Worker.Key,
        EventId = letter.Event?.Id,
        EventType = letter.Event?.Type,
        Reason = letter.Reason,
        Attempts = letter.Attempts,
        Raw = letter.Kind == DeadLetterKind.TimerFailed
            ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { processor = letter.Worker.Processor, key = letter.Worker.Key, timer = letter.Timer, due = letter.TimerDue })
            : raw.ToArray(),
        CreatedAt = now,
    };
}
