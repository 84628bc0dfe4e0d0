using System.Text.Json;
using MicroStreams.Archive;
using MicroStreams.DeadLetters;
using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Durable;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using MicroStreams.Processors;
using MicroStreams.Replay;
using MicroStreams.Routing;
using Microsoft.DurableTask.Entities;
using AzureRecord = MicroStreams.Functions.Events.LogRecord;
using EmbeddedRecord = MicroStreams.Embedded.Log.LogRecord;
using P = Microsoft.DurableTask.Protobuf;

namespace MicroStreams.Functions.Tests.Conformance;

/// <summary>
/// The Azure host's two paths over the same log: the worker entities fed batch by batch as the Event Hubs trigger and the
/// ApplyBatch orchestration would, with each armed timer's tick delivered as a scheduled signal (on time or late), and a
/// replay of the archived log into a new generation that then switches in. The workers are the app's
/// <see cref="ProcessorEntity"/> run by the isolated worker's entity entry point (<see cref="EntityRuntime.DispatchAsync"/>,
/// <c>GrpcEntityRunner</c>): their state is what the entity stored, their timers the tick signals it scheduled, their
/// effects the DeliverEffect orchestrations it started, a tick's rows and dead letters the orchestrations it started for
/// them; the replay's are its <c>rebuild</c>, <c>export</c> and <c>switch</c> operations. So a difference between the
/// core's step and what the entity carries out shows here.
/// </summary>
internal sealed class AzurePaths
{
    private readonly Script _script;
    private readonly IProcessor _processor;
    private readonly string _projection;
    private readonly Router _router;
    private readonly ManualClock _clock = new(Script.T0);
    private readonly EntityRuntime _runtime;
    private readonly List<string> _keys = [];
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
        var core = new ProcessorEntityCore(_router, _clock);
        var rebuild = new WorkerRebuild(_router, ShadowVariants.None, _clock);

        // A new entity per batch, as the Functions worker's dispatcher makes one per entity trigger invocation.
        _runtime = new EntityRuntime(_clock, _ => new ProcessorEntity(core, rebuild, _clock), OrchestrationRuntime.FunctionsWorkerServices);
    }

    public DateTimeOffset Now => _clock.Now;

    /// <summary>The live worker of <paramref name="key"/> as its entity stored it, or null.</summary>
    private ProcessorEntityState? StateOf(string key) => _runtime.State<ProcessorEntityState>(EntityKeys.For(_processor.Spec.Name, key));

    public async Task<Observation> RunLiveAsync(List<EmbeddedRecord> log)
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
                    await AdvanceToAsync(_clock.Now + advance.By);
                    if (!advance.Lag)
                    {
                        fed = await FeedAsync(records, fed, appended);
                        if (advance.Redeliver && fed > from)
                        {
                            await BatchAsync(records.GetRange(from, fed - from));
                        }

                        await AdvanceToAsync(_clock.Now);
                    }

                    break;
            }
        }

        await AdvanceToAsync(_clock.Now + TimeSpan.FromDays(30));
        await FeedAsync(records, fed, appended);
        await AdvanceToAsync(_clock.Now);
        foreach (var key in _keys)
        {
            if (StateOf(key) is { } state)
            {
                _live.Add(WorkerRecordCodec.ToWorker(_processor, state), _processor);
            }
        }

        AddRows(_live, _rows);
        return _live;
    }

    /// <summary>The trigger delivers the records appended so far, in batches of the script's size.</summary>
    private async Task<int> FeedAsync(List<AzureRecord> records, int fed, int appended)
    {
        while (fed < appended)
        {
            var batch = records.GetRange(fed, Math.Min(_script.BatchSize, appended - fed));
            await BatchAsync(batch);
            fed += batch.Count;
        }

        _caughtUp = true;

        return fed;
    }

    /// <summary>ApplyBatch: each key's events to its entity, then the rows and dead letters its report calls for.</summary>
    private async Task BatchAsync(List<AzureRecord> batch)
    {
        var plan = new BatchPlanner(_router).Plan(batch, _clock.Now);
        foreach (var keyBatch in plan.Keys)
        {
            var report = await OperateAsync(keyBatch.Key, ProcessorEntity.ApplyOperation, new ApplyRequest(keyBatch.Events, Horizon: plan.Horizon));
            Write(_rows, report.Projections);
            foreach (var letter in ApplyBatchOrchestration.DeadLettersOf(keyBatch, report, _clock.Now).Concat(report.TimerLetters))
            {
                _live.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }
        }

        // ApplyBatch then advances the partition clock, which wakes the workers whose timers it has reached.
        await WakeAsync(PartitionClock.Advance(_partitionClock, plan.Horizon!.Value, plan.LastSequence));
    }

    /// <summary>The clock's idle check (at a waiter's due): Event Hubs says the partition ends where it was applied.</summary>
    private async Task CheckIdleAsync()
    {
        if (_caughtUp && _partitionClock.Waiters.Count > 0)
        {
            await WakeAsync(PartitionClock.Idle(_partitionClock, _lastAppended, _clock.Now));
        }
    }

    private async Task WakeAsync(IReadOnlyList<ClockWaiter> waiters)
    {
        foreach (var waiter in waiters)
        {
            await OperateAsync(waiter.Entity, ProcessorEntity.WakeOperation, new TimerWake(_partitionClock.Horizon));
        }
    }

    /// <summary>Delivers every tick signal scheduled up to <paramref name="until"/>, in time order, the clock set to each.</summary>
    private async Task AdvanceToAsync(DateTimeOffset until)
    {
        while (_ticks.Count > 0 || _partitionClock.Waiters.Count > 0)
        {
            var tick = _ticks.OrderBy(t => t.At).ThenBy(t => t.Order).FirstOrDefault();
            var check = PartitionClock.NextCheck(_partitionClock);
            if (check is { } due && (tick.Key is null || due < tick.At) && due <= until && _caughtUp)
            {
                _clock.Now = due > _clock.Now ? due : _clock.Now;
                await CheckIdleAsync();
                continue;
            }

            if (tick.Key is null || tick.At > until)
            {
                break;
            }

            _ticks.Remove(tick);
            _clock.Now = tick.At > _clock.Now ? tick.At : _clock.Now;
            await OperateAsync(tick.Key, ProcessorEntity.TickOperation, new TimerTick(tick.Name, tick.Token));
        }

        _clock.Now = until > _clock.Now ? until : _clock.Now;
        await CheckIdleAsync();
    }

    /// <summary>One operation on the worker entity of <paramref name="key"/>, its result, and what it asked the backend to do, carried out.</summary>
    private async Task<ApplyReport> OperateAsync(string key, string operation, object input)
    {
        if (!_keys.Contains(key))
        {
            _keys.Add(key);
        }

        var id = EntityKeys.For(_processor.Spec.Name, key);
        var (results, actions) = await _runtime.DispatchAsync(id, (operation, JsonSerializer.Serialize(input, input.GetType())));
        var result = Assert.Single(results);
        Assert.True(result.Failure is null, $"{operation} on {id} failed: {result.Failure?.FailureDetails}");
        var awaits = new List<ClockWaiter>();
        foreach (var action in actions)
        {
            Carry(id, key, action, awaits);
        }

        // The await signal reaches the partition clock entity, which wakes the worker at once if its horizon is there.
        foreach (var waiter in awaits)
        {
            await WakeAsync(PartitionClock.Await(_partitionClock, waiter));
        }

        return JsonSerializer.Deserialize<ApplyReport>(result.Success.Result)!;
    }

    private void Carry(EntityInstanceId id, string key, P.OperationAction action, List<ClockWaiter> awaits)
    {
        if (action.SendSignal is { } signal)
        {
            var target = EntityRuntime.EntityId(signal.InstanceId);
            if (target == id && signal.Name == ProcessorEntity.TickOperation)
            {
                var tick = JsonSerializer.Deserialize<TimerTick>(signal.Input)!;
                var delay = _script.TickDelays[_armed % _script.TickDelays.Count];
                _ticks.Add((signal.ScheduledTime.ToDateTimeOffset() + delay, _armed++, key, tick.Name, tick.Token));
            }
            else if (target == PartitionClockKeys.For(0) && signal.Name == PartitionClockEntity.AwaitOperation)
            {
                var waiter = JsonSerializer.Deserialize<ClockWaiter>(signal.Input)!;
                Assert.Equal(id.Key, waiter.Entity);
                awaits.Add(waiter with { Entity = key });
            }
            else
            {
                Assert.Fail($"{id} signalled {signal.Name} to {signal.InstanceId}, which this path does not expect");
            }

            return;
        }

        var start = action.StartNewOrchestration;
        switch (start.Name)
        {
            case nameof(EffectFunctions.DeliverEffect):
                var effect = JsonSerializer.Deserialize<EffectMessage>(start.Input)!;
                _live.AddEffect(effect.Id, effect.Payload);
                break;
            case nameof(ProjectionWriteFunctions.WriteProjectionRows):
                Write(_rows, JsonSerializer.Deserialize<ProjectionWriteRequest>(start.Input)!.Rows);
                break;
            case nameof(DeadLetterFunctions.RecordDeadLetters):
                foreach (var letter in JsonSerializer.Deserialize<List<DeadLetterDocument>>(start.Input)!)
                {
                    _live.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
                }

                break;
            default:
                Assert.Fail($"{id} started {start.Name}, which this path does not expect");
                break;
        }
    }

    /// <summary>
    /// Replays the archived log into generation 7 page by page (the Replay orchestration's <c>rebuild</c> calls on that
    /// generation's entities), then switches each key in at the end of the live run (<c>export</c> from the rebuilt entity,
    /// <c>switch</c> on the live one).
    /// </summary>
    public async Task<Observation> RebuildAsync(List<EmbeddedRecord> log)
    {
        var observed = new Observation("azure rebuild");
        var rebuilt = new List<string>();
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
                rebuilt.Add(batch.Key);
                var report = await CallAsync<RebuildReport>(EntityKeys.For(_processor.Spec.Name, batch.Key, 7), ProcessorEntity.RebuildOperation, new RebuildRequest(7, batch.Events, batch.FireUpTo));
                effects += report.EffectsSuppressed;
                Write(rows, report.Projections);
                foreach (var letter in report.DeadLetters)
                {
                    observed.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
                }
            }
        }

        var positions = new Dictionary<int, long> { [0] = log.Count == 0 ? -1 : log[^1].Sequence };
        foreach (var key in rebuilt.Union(_keys).ToList())
        {
            var state = await CallAsync<ProcessorEntityState?>(EntityKeys.For(_processor.Spec.Name, key, 7), ProcessorEntity.ExportOperation, null);
            var request = new SwitchRequest(7, state, positions, new Dictionary<int, DateTimeOffset> { [0] = _partitionClock.Horizon });
            var report = await CallAsync<SwitchReport>(EntityKeys.For(_processor.Spec.Name, key), ProcessorEntity.SwitchOperation, request);
            Assert.Equal(SwitchOutcome.Adopted, report.Outcome);
            effects += report.EffectsSuppressed;
            Write(rows, report.Projections);
            foreach (var letter in report.DeadLetters)
            {
                observed.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }

            if (StateOf(key) is { } switched)
            {
                observed.Add(WorkerRecordCodec.ToWorker(_processor, switched), _processor);
            }
        }

        observed.EffectCount = effects;
        AddRows(observed, rows);
        return observed;
    }

    /// <summary>A replay operation: its result; the only actions it may leave are the switched worker's armed tick signals.</summary>
    private async Task<T> CallAsync<T>(EntityInstanceId id, string operation, object? input)
    {
        var (results, actions) = await _runtime.DispatchAsync(id, (operation, input is null ? null : JsonSerializer.Serialize(input, input.GetType())));
        var result = Assert.Single(results);
        Assert.True(result.Failure is null, $"{operation} on {id} failed: {result.Failure?.FailureDetails}");
        Assert.All(actions, a => Assert.Equal(ProcessorEntity.TickOperation, a.SendSignal?.Name));
        return JsonSerializer.Deserialize<T>(result.Success.Result ?? "null")!;
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
