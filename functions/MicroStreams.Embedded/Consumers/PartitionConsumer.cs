using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Telemetry;
using MicroStreams.Embedded.Timers;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>
/// Owns one partition: its workers live here, in memory, and only this consumer touches them. Each step reads a
/// batch from the checkpoint, fires due timers and applies events in log order, then commits worker changes,
/// effects, dead letters and the new checkpoint in one transaction. A crash before the commit replays the batch;
/// after it, nothing repeats.
/// </summary>
internal sealed partial class PartitionConsumer : IDisposable
{
    private readonly int _partition;
    private readonly Router _router;

    /// <summary>One event object refilled record after record, when no processor keeps the events it is given.</summary>
    private readonly StreamEvent? _reusable;
    private readonly EventLog _log;
    private readonly LogReader _reader;
    private readonly StateStore _store;
    private readonly EmbeddedOptions _options;
    private readonly TimeProvider _time;
    private readonly WorkerStep _step;
    private readonly WorkerTable _workers = new();
    private readonly TimerQueue _timers = new();
    private readonly PausedProcessors _paused = new();
    private readonly RedriveRequests _redrives = new();
    private readonly ApplyResults _results = new();
    private readonly PendingBatch _batchCommit;

    /// <summary>
    /// Slice record lists, shared by the partitions' consumers: only the consumers stepping at the same moment need one,
    /// not every partition.
    /// </summary>
    private static readonly ConcurrentStack<List<LogRecord>> SpareRecordLists = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _checkpoint;

    /// <summary>The event time up to which the last step fired queued timers: a rebuild fires its own timers up to it,
    /// suppressed, when it switches (the live generation already fired those), and arms the later ones.</summary>
    private DateTimeOffset _lastWatermark = DateTimeOffset.MinValue;

    /// <summary>The batch's span, the worker step's span and when the log accepted the event being applied (see <see cref="ConsumerTracing"/>).</summary>
    private System.Diagnostics.Activity? _batch, _stepSpan;
    private readonly TimerTracing _timerTraces = new();
    private DateTimeOffset? _ingestedAt;

    /// <summary>Changes written to the changelog since the last snapshot: a snapshot is taken after <see cref="EmbeddedOptions.CompactAfterChanges"/>.</summary>
    private int _changesSinceSnapshot;

    public PartitionConsumer(int partition, Router router, EventLog log, StateStore store, EmbeddedOptions options, TimeProvider time)
    {
        _partition = partition;
        _router = router;
        _log = log;
        _reader = log.OpenReader();
        _store = store;
        _options = options;
        _time = time;
        _step = new WorkerStep(options.HandlerAttempts);
        _reusable = router.Processors.All(p => !p.Spec.KeepsEvents) ? StreamEvent.Reusable() : null;
        _batchCommit = new PendingBatch(partition, options.EffectMaxAge);
        Load();
    }

    /// <summary>Where the consumer records batch sizes, apply time and timer lateness.</summary>
    internal RuntimeMetrics? Metrics { get; init; }

    public int Partition => _partition;
    public long Checkpoint => Volatile.Read(ref _checkpoint);
    internal ConsumerStats Stats { get; } = new();

    /// <summary>Whether a step would do anything now: unread events, due timers or requested redrives.</summary>
    public bool HasWork(DateTimeOffset now) =>
        Checkpoint < _log.Head(_partition) || _timers.NextDue <= now || !_redrives.IsEmpty;

    public DateTimeOffset? NextTimerDue => _timers.NextDue;

    /// <summary>Runs one batch; returns how many events and timers it handled.</summary>
    public async Task<int> StepAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Step();
        }
        catch
        {
            // Nothing was committed, but memory may hold half a batch: start again from what the store says.
            Reload();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public int WorkerCount => _workers.Count;

    private void Reload()
    {
        _workers.Clear();
        _timers.Clear();
        _paused.ClearRecords();
        _batchCommit.Clear();
        _results.Clear();
        _timerTraces.Clear();
        _changesSinceSnapshot = 0;
        Load();
    }

    /// <summary>Runs <paramref name="action"/> with the partition's workers held still (inspection, redrive).</summary>
    public async Task<T> InspectAsync<T>(Func<IReadOnlyDictionary<WorkerId, Worker>, T> action, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return action(_workers);
        }
        finally
        {
            _gate.Release();
        }
    }

    private int Step()
    {
        var now = _time.GetUtcNow();

        // Redrives run first and commit on their own: a key's events still waiting in the log must apply after its
        // redriven ones (not be parked behind them), and a commit of half a batch must never carry the old checkpoint.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var batch = _batch = ConsumerTracing.StartBatch(_partition);
        var handled = _redrives.RunAll((id, trace) => Redrive(id, trace, now), () => Commit(now));
        var records = SpareRecordLists.TryPop(out var spare) ? spare : [];
        try
        {
            // The batch (one transaction) is read in slices, each applied and its segment buffers given back before the
            // next is read: a 64k-event batch commits as one, but only a slice of its ~12 MB of records is in memory.
            var read = 0;
            var lastSequence = _checkpoint;
            var lastAppendedAt = DateTimeOffset.MinValue;
            while (read < _options.MaxBatchEvents)
            {
                var slice = Math.Min(_options.ReadSliceEvents, _options.MaxBatchEvents - read);
                _reader.Read(_partition, lastSequence, slice, records);
                foreach (var record in records)
                {
                    ApplyRecord(record, now);
                    lastAppendedAt = record.AppendedAt;
                    handled++;
                }

                read += records.Count;
                var full = records.Count == slice;
                if (records.Count > 0)
                {
                    lastSequence = records[^1].Sequence;
                }

                records.Clear();
                _reader.Release();
                if (!full)
                {
                    break;
                }
            }

            // The timer rule (docs/timers.md): caught up, every record appended before now is applied, so what is due by now
            // fires; behind, only what is due by the last record applied.
            var caughtUp = read == 0 || lastSequence >= _log.Head(_partition);
            var watermark = caughtUp ? now : Min(now, lastAppendedAt);
            handled += FireDueTimers(watermark);
            _lastWatermark = Max(_lastWatermark, watermark);
            _checkpoint = lastSequence;
            if (handled > 0 || !_batchCommit.IsEmpty || _workers.Changed.Count > 0)
            {
                Commit(now);
            }

            _timers.CompactIfMostlyStale(_workers.Values);
            Metrics?.BatchApplied(_partition, handled, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            // Whether the batch committed or was abandoned: hold no records and no segment buffers between steps. A
            // partition that has caught up may not read again for a long time.
            records.Clear();
            SpareRecordLists.Push(records);
            _reader.Release();
        }

        return handled;
    }

    private void ApplyRecord(LogRecord record, DateTimeOffset now)
    {
        var position = new EventPosition(_partition, record.Sequence);
        var read = record.ReadEvent(_reusable);
        Stats.Events++;
        if (!read.IsValid)
        {
            DeadLetter(DeadLetterKind.Unparseable, position, $"not a valid CloudEvent: {read.Rejection}", record.Bytes, now);
            return;
        }

        var @event = read.Event;
        using var route = ConsumerTracing.StartRoute(_batch, record, @event.Type);
        foreach (var processor in _router.SubscribersOf(@event.Type))
        {
            if (Router.KeyFor(processor, @event) is not { } key || _paused.IsPaused(processor.Spec.Name))
            {
                continue;
            }

            var id = new WorkerId(processor.Spec.Name, key);

            // The step changes only this worker, so the entry found here stays valid until it is marked.
            ref var entry = ref _workers.EntryOf(id);
            var known = !Unsafe.IsNullRef(ref entry);
            var worker = known ? entry.Worker : null;
            using var stepSpan = _stepSpan = ConsumerTracing.StartStep(route, id);
            _ingestedAt = record.AppendedAt;
            var outcome = _step.Event(processor, ref worker, key, @event, record.AppendedAt, GenerationOf(processor), _results);
            Stats.Count(outcome);
            if (outcome is ApplyOutcome.Applied or ApplyOutcome.Failed or ApplyOutcome.Parked || _results.TimersFired + _results.Failures > 0)
            {
                if (known)
                {
                    _workers.SetChanged(ref entry);
                }
                else
                {
                    _workers.SetChanged(worker!);
                }
            }

            TakeResults(record.Bytes, now);
            (_stepSpan, _ingestedAt) = (null, null);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public void Dispose()
    {
        _reader.Dispose();
        _gate.Dispose();
    }
}
