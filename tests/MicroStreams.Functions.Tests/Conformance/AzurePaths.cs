using MicroStreams.Archive;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using MicroStreams.Processors;
using MicroStreams.Replay;
using MicroStreams.Routing;
using AzureRecord = MicroStreams.Functions.Events.LogRecord;
using EmbeddedRecord = MicroStreams.Embedded.Log.LogRecord;

namespace MicroStreams.Functions.Tests.Conformance;

/// <summary>
/// The Azure host's two paths over the same log: the worker entities fed batch by batch as the Event Hubs trigger and the
/// ApplyBatch orchestration would, with each armed timer's tick delivered as a scheduled signal (on time or late), and a
/// replay of the archived log into a new generation that then switches in.
/// </summary>
internal sealed class AzurePaths
{
    private readonly Script _script;
    private readonly IProcessor _processor;
    private readonly string _projection;
    private readonly Router _router;
    private readonly ManualClock _clock = new(Script.T0);
    private readonly ProcessorEntityCore _core;
    private readonly Dictionary<string, ProcessorEntityState?> _entities = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, int Order, string Key, string Name, long Token)> _ticks = [];
    private readonly PartitionClockState _partitionClock = new();
    private long _lastAppended = -1;
    private bool _caughtUp = true;
    private readonly Observation _live = new("azure live");
    private readonly Dictionary<string, StampedChange> _rows = new(StringComparer.Ordinal);
    private int _armed;

    public AzurePaths(Script script, IProcessor processor, string projection)
    {
        _script = script;
        _processor = processor;
        _projection = projection;
        _router = new Router([processor]);
        _core = new ProcessorEntityCore(_router, _clock);
    }

    public Dictionary<string, ProcessorEntityState?> Entities => _entities;

    public DateTimeOffset Now => _clock.Now;

    public Observation RunLive(List<EmbeddedRecord> log)
    {
        var records = log.Select(r => new AzureRecord(r.Partition, r.Sequence, null, r.AppendedAt, null, r.Bytes, new Dictionary<string, object>())).ToList();
        var appended = 0;
        var fed = 0;
        foreach (var move in _script.Moves)
        {
            switch (move)
            {
                case Append:
                    _lastAppended = records[appended++].Sequence;
                    _caughtUp = false;
                    break;
                case Advance advance:
                    var from = fed;
                    AdvanceTo(_clock.Now + advance.By);
                    if (!advance.Lag)
                    {
                        fed = Feed(records, fed, appended);
                        if (advance.Redeliver && fed > from)
                        {
                            Batch(records.GetRange(from, fed - from));
                        }

                        AdvanceTo(_clock.Now);
                    }

                    break;
            }
        }

        AdvanceTo(_clock.Now + TimeSpan.FromDays(30));
        Feed(records, fed, appended);
        AdvanceTo(_clock.Now);
        foreach (var (key, state) in _entities)
        {
            if (state is not null)
            {
                _live.Add(WorkerRecordCodec.ToWorker(_processor, state), _processor);
            }
        }

        AddRows(_live, _rows);
        return _live;
    }

    /// <summary>The trigger delivers the records appended so far, in batches of the script's size.</summary>
    private int Feed(List<AzureRecord> records, int fed, int appended)
    {
        while (fed < appended)
        {
            var batch = records.GetRange(fed, Math.Min(_script.BatchSize, appended - fed));
            Batch(batch);
            fed += batch.Count;
        }

        _caughtUp = true;

        return fed;
    }

    private void Batch(List<AzureRecord> batch)
    {
        var plan = new BatchPlanner(_router).Plan(batch, _clock.Now);
        foreach (var keyBatch in plan.Keys)
        {
            var step = _core.Apply(_entities.GetValueOrDefault(keyBatch.Key), keyBatch.Processor, keyBatch.Key, new ApplyRequest(keyBatch.Events, Horizon: plan.Horizon));
            Carry(keyBatch.Key, step);
            foreach (var letter in ApplyBatchOrchestration.DeadLettersOf(keyBatch, step.Report, _clock.Now).Concat(step.Report.TimerLetters))
            {
                _live.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }
        }

        // ApplyBatch then advances the partition clock, which wakes the workers whose timers it has reached.
        Wake(PartitionClock.Advance(_partitionClock, plan.Horizon!.Value, plan.LastSequence));
    }

    /// <summary>The clock's idle check (at a waiter's due): Event Hubs says the partition ends where it was applied.</summary>
    private void CheckIdle()
    {
        if (_caughtUp && _partitionClock.Waiters.Count > 0)
        {
            Wake(PartitionClock.Idle(_partitionClock, _lastAppended, _clock.Now));
        }
    }

    private void Wake(IReadOnlyList<ClockWaiter> waiters)
    {
        foreach (var waiter in waiters)
        {
            var step = _core.Wake(_entities.GetValueOrDefault(waiter.Entity), _processor.Spec.Name, waiter.Entity, new TimerWake(_partitionClock.Horizon));
            Carry(waiter.Entity, step);
            foreach (var letter in step.DeadLetters)
            {
                _live.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }
        }
    }

    /// <summary>Delivers every tick signal scheduled up to <paramref name="until"/>, in time order, the clock set to each.</summary>
    private void AdvanceTo(DateTimeOffset until)
    {
        while (_ticks.Count > 0 || _partitionClock.Waiters.Count > 0)
        {
            var tick = _ticks.OrderBy(t => t.At).ThenBy(t => t.Order).FirstOrDefault();
            var check = PartitionClock.NextCheck(_partitionClock);
            if (check is { } due && (tick.Key is null || due < tick.At) && due <= until && _caughtUp)
            {
                _clock.Now = due > _clock.Now ? due : _clock.Now;
                CheckIdle();
                continue;
            }

            if (tick.Key is null || tick.At > until)
            {
                break;
            }

            _ticks.Remove(tick);
            _clock.Now = tick.At > _clock.Now ? tick.At : _clock.Now;
            var step = _core.Tick(_entities.GetValueOrDefault(tick.Key), _processor.Spec.Name, tick.Key, new TimerTick(tick.Name, tick.Token));
            Carry(tick.Key, step);
            foreach (var letter in step.DeadLetters)
            {
                _live.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }

            if (step.AwaitClock is { } waiting)
            {
                Wake(PartitionClock.Await(_partitionClock, new ClockWaiter(tick.Key, waiting.Due)));
            }
        }

        _clock.Now = until > _clock.Now ? until : _clock.Now;
        CheckIdle();
    }

    private void Carry(string key, EntityStep step)
    {
        _entities[key] = step.State;
        foreach (var timer in step.Timers)
        {
            var delay = _script.TickDelays[_armed % _script.TickDelays.Count];
            _ticks.Add((timer.Due + delay, _armed++, key, timer.Name, timer.Token));
        }

        foreach (var effect in step.Effects)
        {
            _live.AddEffect(effect.Id, effect.Payload);
        }

        Write(_rows, step.Projections);
    }

    /// <summary>Replays the archived log into generation 7 page by page, then switches each key in at the end of the live run.</summary>
    public Observation Rebuild(List<EmbeddedRecord> log)
    {
        var rebuild = new WorkerRebuild(_router, ShadowVariants.None, _clock);
        var observed = new Observation("azure rebuild");
        var rebuilt = new Dictionary<string, ProcessorEntityState?>(StringComparer.Ordinal);
        var rows = new Dictionary<string, StampedChange>(StringComparer.Ordinal);
        var watermark = DateTimeOffset.MinValue;
        var effects = 0;
        foreach (var page in log.Chunk(_script.BatchSize))
        {
            var lines = page.Select(r => new ArchiveRecord(r.Partition, r.Sequence, r.AppendedAt, ArchiveEncoder.Line(new ArchiveRecord(r.Partition, r.Sequence, r.AppendedAt, r.Bytes))!)).ToList();
            var (keys, mark) = ArchivePagePlanner.Plan(lines, _processor, _processor, new ReplayRequest(_processor.Spec.Name), watermark);
            watermark = mark;
            foreach (var batch in keys)
            {
                var step = rebuild.Rebuild(rebuilt.GetValueOrDefault(batch.Key), _processor.Spec.Name, batch.Key, new RebuildRequest(7, batch.Events, batch.FireUpTo));
                rebuilt[batch.Key] = step.State;
                effects += step.Report.EffectsSuppressed;
                Write(rows, step.Report.Projections);
                foreach (var letter in step.Report.DeadLetters)
                {
                    observed.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
                }
            }
        }

        var positions = new Dictionary<int, long> { [0] = log.Count == 0 ? -1 : log[^1].Sequence };
        foreach (var key in rebuilt.Keys.Union(_entities.Keys).ToList())
        {
            var request = new SwitchRequest(7, rebuilt.GetValueOrDefault(key), positions, new Dictionary<int, DateTimeOffset> { [0] = _partitionClock.Horizon });
            var step = rebuild.Switch(_entities.GetValueOrDefault(key), _processor.Spec.Name, key, request);
            Assert.Equal(SwitchOutcome.Adopted, step.Report.Outcome);
            effects += step.Report.EffectsSuppressed;
            Write(rows, step.Report.Projections);
            foreach (var letter in step.Report.DeadLetters)
            {
                observed.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }

            if (step.State is not null)
            {
                observed.Add(WorkerRecordCodec.ToWorker(_processor, step.State), _processor);
            }
        }

        observed.EffectCount = effects;
        AddRows(observed, rows);
        return observed;
    }

    /// <summary>Writes stamped rows as the table store does: a row is replaced only by a newer stamp.</summary>
    private static void Write(Dictionary<string, StampedChange> rows, IReadOnlyList<StampedChange> changes)
    {
        foreach (var change in changes)
        {
            if (!rows.TryGetValue(change.Key, out var stored) || change.IsNewerThan(stored.Generation, stored.Sequence))
            {
                rows[change.Key] = change;
            }
        }
    }

    private void AddRows(Observation observed, Dictionary<string, StampedChange> rows)
    {
        foreach (var (key, change) in rows)
        {
            if (change.Projection == _projection && change.Document is not null)
            {
                observed.Rows[key] = change.Document;
            }
        }
    }
}
