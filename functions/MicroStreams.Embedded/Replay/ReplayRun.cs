using MicroStreams.Effects;
using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.State;
using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// One replay in progress: partition by partition, a <see cref="PartitionRebuild"/> reads history up to the live
/// checkpoint outside the consumer's gate, then (rebuild) switches the partition to the new generation under the gate,
/// or (shadow) compares it with the live workers there. Progress and the outcome are saved to <c>state.db</c>.
/// </summary>
internal sealed class ReplayRun : IDisposable
{
    private const int BatchEvents = 65_536;
    private readonly ReplayContext _context;
    private readonly IProcessor _live;
    private readonly IProcessor _code;
    private readonly HashSet<int> _done;
    private readonly ReplayPartitionView[] _partitions;
    private readonly ReplayTally _tally = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _gate = new();
    private ReplayView _view;
    private ShadowAccumulator? _shadow;
    private volatile bool _interrupted;

    public ReplayRun(ReplayContext context, ReplayView view, IProcessor live, IProcessor code, HashSet<int> done)
    {
        _context = context;
        _view = view;
        _live = live;
        _code = code;
        _done = done;
        _partitions = [.. context.Consumers.Select(c => new ReplayPartitionView(c.Partition, 0, c.Checkpoint, done.Contains(c.Partition)))];
        if (view.Request.Shadow)
        {
            _shadow = new ShadowAccumulator();
        }
    }

    public string Id => _view.Id;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync);

    public void Cancel()
    {
        if (!Completion.IsCompleted)
        {
            _cancel.Cancel();
        }
    }

    /// <summary>Stops without marking the replay cancelled (the runtime is stopping): it stays running in <c>state.db</c>, and the next start resumes it.</summary>
    public void Interrupt()
    {
        _interrupted = true;
        Cancel();
    }

    /// <summary>Only once <see cref="Completion"/> has completed.</summary>
    public void Dispose() => _cancel.Dispose();

    public ReplayView View()
    {
        lock (_gate)
        {
            var target = _partitions.Sum(p => Math.Max(p.Target, 1));
            var read = _partitions.Sum(p => p.Done ? Math.Max(p.Target, 1) : Math.Min(p.Position, p.Target));
            return _view with
            {
                Partitions = [.. _partitions],
                EventsRead = Interlocked.Read(ref _tally.EventsRead),
                EventsApplied = Interlocked.Read(ref _tally.EventsApplied),
                TimersFired = Interlocked.Read(ref _tally.TimersFired),
                EffectsSuppressed = Interlocked.Read(ref _tally.EffectsSuppressed),
                HandlerFailures = Interlocked.Read(ref _tally.HandlerFailures),
                Progress = target == 0 ? 1 : Math.Round((double)read / target, 4),
                Diff = _shadow?.Diff() ?? _view.Diff,
            };
        }
    }

    private async Task RunAsync()
    {
        Save();
        try
        {
            foreach (var consumer in _context.Consumers)
            {
                if (_done.Contains(consumer.Partition))
                {
                    continue;
                }

                await RunPartitionAsync(consumer, _cancel.Token);
                SetPartition(consumer.Partition, p => p with { Done = true });
                Save();
            }

            Finish(ReplayStatus.Completed, null);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested && _interrupted)
        {
            Save();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            Finish(ReplayStatus.Cancelled, "cancelled; partitions already switched keep the new generation, the others the old one");
        }
        catch (Exception ex)
        {
            Finish(ReplayStatus.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RunPartitionAsync(PartitionConsumer consumer, CancellationToken cancellationToken)
    {
        var request = _view.Request;
        var rebuild = new PartitionRebuild(consumer.Partition, _code, request, _view.Generation, _context.Options.HandlerAttempts, _tally, collectEffects: request.Shadow);
        var baseline = request.Shadow ? new PartitionRebuild(consumer.Partition, _live, request, 0, _context.Options.HandlerAttempts, new ReplayTally(), collectEffects: true) : null;
        using var source = new ReplaySource(_context.Log, consumer.Partition, request.ArchivePath);
        var records = new List<LogRecord>(BatchEvents);

        void CatchUp(long target, bool checkCancel)
        {
            while (rebuild.Position < target)
            {
                if (checkCancel)
                {
                    ThrowIfCancelled(cancellationToken);
                }

                source.Read(rebuild.Position, target, BatchEvents, records);
                if (records.Count == 0)
                {
                    // Nothing retained (and nothing archived) up to the target: there is no more history to read.
                    rebuild.SkipTo(target);
                    baseline?.SkipTo(target);
                    break;
                }

                var now = _context.Time.GetUtcNow();
                rebuild.Apply(records, now);
                baseline?.Apply(records, now);
                SetPartition(consumer.Partition, p => p with { Position = rebuild.Position, Target = Math.Max(target, consumer.Checkpoint) });
            }

            if (checkCancel)
            {
                ThrowIfCancelled(cancellationToken);
            }
        }

        // Outside the gate while live processing goes on, until what is left fits in one batch under the gate.
        while (consumer.Checkpoint - rebuild.Position > BatchEvents)
        {
            CatchUp(consumer.Checkpoint, checkCancel: true);
            SaveThrottled();
        }

        ThrowIfCancelled(cancellationToken);
        if (!request.Shadow)
        {
            await consumer.SwitchGenerationAsync(rebuild, _live, _view.Id, checkpoint => CatchUp(checkpoint, checkCancel: true), cancellationToken);
            return;
        }

        await consumer.AtCheckpointAsync((checkpoint, watermark, workers) =>
        {
            CatchUp(checkpoint, checkCancel: true);
            rebuild.FireDue(watermark);
            baseline!.FireDue(watermark);
            _shadow!.Add(consumer.Partition, rebuild, baseline, workers, _live, _code);
            return 0;
        }, cancellationToken);
    }

    private void ThrowIfCancelled(CancellationToken cancellationToken)
    {
        // A cancel may come from another process (microstreams replay cancel) through state.db.
        if (_context.Store.ReplayStatusOf(_view.Id) == (int)ReplayStatus.Cancelling)
        {
            _cancel.Cancel();
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private void SetPartition(int partition, Func<ReplayPartitionView, ReplayPartitionView> change)
    {
        lock (_gate)
        {
            var index = Array.FindIndex(_partitions, p => p.Partition == partition);
            _partitions[index] = change(_partitions[index]);
        }
    }

    private long _lastSave;

    private void SaveThrottled()
    {
        var now = _context.Time.GetUtcNow().UtcTicks;
        if (now - _lastSave > TimeSpan.TicksPerSecond)
        {
            Save();
        }
    }

    private void Save()
    {
        var view = View();
        _lastSave = _context.Time.GetUtcNow().UtcTicks;
        _context.Store.SaveReplay(view.Id, view.Processor, view.Generation, (int)view.Status, ReplayJson.Write(view), view.CreatedAt, _context.Time.GetUtcNow());
    }

    private void Finish(ReplayStatus status, string? error)
    {
        lock (_gate)
        {
            _view = _view with { Status = status, Error = error, FinishedAt = _context.Time.GetUtcNow(), Diff = _shadow?.Diff() };
        }

        var view = View();
        _context.Store.SaveReplay(view.Id, view.Processor, view.Generation, (int)status, ReplayJson.Write(view), view.CreatedAt, _context.Time.GetUtcNow());
    }
}

/// <summary>What a replay needs from the runtime.</summary>
internal sealed record ReplayContext(IReadOnlyList<PartitionConsumer> Consumers, EventLog Log, StateStore Store, EmbeddedOptions Options, TimeProvider Time);
