using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.State;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// One replay in progress. Outside the consumers' gates and one partition per core, a <see cref="ReplayLane"/> per
/// partition reads history up to the live checkpoint while live processing goes on. Then a rebuild holds every
/// partition still, catches each lane up to its checkpoint and makes the whole new generation live in one transaction
/// (see <see cref="SwitchAsync"/>); a shadow compares each partition with its live workers instead. Progress and the
/// outcome are saved to <c>state.db</c>.
/// </summary>
internal sealed partial class ReplayRun : IDisposable
{
    private const int BatchEvents = 65_536;
    private readonly ReplayContext _context;
    private readonly IProcessor _live;
    private readonly IProcessor _code;
    private readonly ReplayPartitionView[] _partitions;
    private readonly ReplayTally _tally = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _gate = new();
    private readonly ShadowAccumulator? _shadow;
    private ReplayView _view;
    private readonly TaskCompletionSource _switching = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _interrupted;
    private long _lastSave;
    private System.Diagnostics.Activity? _span;

    public ReplayRun(ReplayContext context, ReplayView view, IProcessor live, IProcessor code)
    {
        _context = context;
        _view = view;
        _live = live;
        _code = code;
        _partitions = [.. context.Consumers.Select(c => new ReplayPartitionView(c.Partition, 0, c.Checkpoint, false))];
        _shadow = view.Request.Shadow ? new ShadowAccumulator() : null;
    }

    public string Id => _view.Id;

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Completes when a rebuild has read history and starts holding the partitions to switch; cancelled if it never does.</summary>
    public Task Switching => _switching.Task;

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
        using var span = _span = Telemetry.ReplayTracing.Start(_view);
        Save();
        var lanes = _context.Consumers.Select(NewLane).ToArray();
        ProjectionRebuild? projections = null;
        var switched = false;
        try
        {
            if (_shadow is null)
            {
                projections = ProjectionRebuild.Begin(_context.Store.Projections, _live, _context.Router.Processors, _view.Request);
                SetView(v => v with { ProjectionVersions = projections.NewVersions });
            }

            await CatchUpAsync(lanes);

            // Once more, one read each: live processing moved on the checkpoints of the lanes that finished first while
            // the others still read, and what is left then is read with every consumer held still.
            await ForEachAsync(lanes, lane => CatchUp(lane, lane.Consumer.Checkpoint));
            ThrowIfCancelled();
            if (projections is null)
            {
                await CompareAsync(lanes);
            }
            else
            {
                projections.WriteHidden(_context.Store.Projections, [.. lanes.Select(l => l.Rebuild)], _context.Time.GetUtcNow());
                await SwitchAsync(lanes, projections);
                switched = true;
                projections.DropReplaced(_context.Store.Projections);
            }

            Finish(ReplayStatus.Completed, null);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested && _interrupted)
        {
            Save();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            Finish(ReplayStatus.Cancelled, "cancelled; the live generation is unchanged");
        }
        catch (Exception ex) when (switched)
        {
            Finish(ReplayStatus.Completed, $"the new generation is live, but dropping the replaced projection rows failed: {ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            Finish(ReplayStatus.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _switching.TrySetCanceled();
            if (span is not null)
            {
                Telemetry.ReplayTracing.Finish(span, View());
            }

            if (!switched)
            {
                projections?.Abandon(_context.Store.Projections);
            }

            foreach (var lane in lanes)
            {
                lane.Dispose();
            }
        }
    }

    private ReplayLane NewLane(PartitionConsumer consumer)
    {
        var request = _view.Request;
        // Sized for the partition's live workers: growing a dictionary of tens of thousands of workers allocates its
        // (large-object) arrays over and over, and those only a full collection frees.
        var rebuild = new PartitionRebuild(consumer.Partition, _code, request, _view.Generation, _context.Options.HandlerAttempts, _tally, collectEffects: request.Shadow, expectedWorkers: consumer.WorkerCount);
        var scope = request.Shadow ? new ShadowScope(request) : null;
        return new ReplayLane(consumer, rebuild, scope, new ReplaySource(_context.Log, consumer.Partition, request.ArchivePath), BatchEvents) { Trace = _span };
    }

    /// <summary>Runs <paramref name="action"/> on every item, one per core at a time; the first failure (or cancellation) is rethrown as is.</summary>
    private async Task ForEachAsync<T>(IEnumerable<T> items, Action<T> action)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = _cancel.Token };
        await Parallel.ForEachAsync(items, options, (item, _) =>
        {
            action(item);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// Reads history while live processing goes on, one lane per core at a time (see <see cref="LaneSchedule{TLane}"/>),
    /// until every lane is within a batch of its live checkpoint, which moves on meanwhile.
    /// </summary>
    private async Task CatchUpAsync(ReplayLane[] lanes)
    {
        var schedule = new LaneSchedule<ReplayLane>(lanes, lane => lane.Consumer.Checkpoint - lane.Rebuild.Position, BatchEvents);
        await ForEachAsync(Enumerable.Range(0, Math.Min(Environment.ProcessorCount, lanes.Length)), _ =>
        {
            try
            {
                for (var lane = schedule.Next(null); lane is not null; lane = schedule.Next(lane))
                {
                    CatchUp(lane, lane.Consumer.Checkpoint, () => !schedule.ShouldSwitch(lane));
                }
            }
            catch
            {
                // The other cores stop after their batch, so the failure (or cancellation) surfaces now, not when they are done.
                schedule.Stop();
                throw;
            }
        });
    }

    private void CatchUp(ReplayLane lane, long target, Func<bool>? goOn = null)
    {
        ThrowIfCancelled();
        lane.CatchUp(target, _context.Time.GetUtcNow(), () =>
        {
            SetPartition(lane.Partition, p => p with { Position = lane.Rebuild.Position, Target = Math.Max(target, lane.Consumer.Checkpoint) });
            ThrowIfCancelled();
            SaveThrottled();
            return goOn?.Invoke() ?? true;
        });
    }

    /// <summary>Shadow: under each partition's gate in turn, catches up with its checkpoint and compares with the live
    /// workers and with the effects the live generation decided (its outbox, committed with that checkpoint).</summary>
    private async Task CompareAsync(ReplayLane[] lanes)
    {
        foreach (var lane in lanes)
        {
            await lane.Consumer.AtCheckpointAsync((checkpoint, watermark, workers) =>
            {
                CatchUp(lane, checkpoint);
                lane.FireDue(watermark);
                var decided = lane.Scope!.Applied ? _context.Store.Outbox.Reads.Decided(_live.Spec.Name, lane.Partition, lane.Scope.Since) : [];
                _shadow!.Add(lane.Partition, lane.Rebuild, decided, workers, _live, _code);
                return 0;
            }, _cancel.Token);
            SetPartition(lane.Partition, p => p with { Done = true });
        }
    }

    private void ThrowIfCancelled()
    {
        // A cancel may come from another process (microstreams replay cancel) through state.db.
        if (_context.Store.Replays.ReplayStatusOf(_view.Id) == ReplayStatus.Cancelling)
        {
            _cancel.Cancel();
        }

        _cancel.Token.ThrowIfCancellationRequested();
    }

    private void SetPartition(int partition, Func<ReplayPartitionView, ReplayPartitionView> change)
    {
        lock (_gate)
        {
            var index = Array.FindIndex(_partitions, p => p.Partition == partition);
            _partitions[index] = change(_partitions[index]);
        }
    }

    private void SetView(Func<ReplayView, ReplayView> change)
    {
        lock (_gate)
        {
            _view = change(_view);
        }
    }

    private void SaveThrottled()
    {
        var now = _context.Time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastSave);
        if (now - last > TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastSave, now, last) == last)
        {
            Save();
        }
    }

    private void Save()
    {
        var view = View();
        Interlocked.Exchange(ref _lastSave, _context.Time.GetUtcNow().UtcTicks);
        _context.Store.Replays.SaveReplay(view.Id, view.Processor, view.Generation, view.Status, ReplayJson.Write(view), view.CreatedAt, _context.Time.GetUtcNow());
    }

    private void Finish(ReplayStatus status, string? error)
    {
        lock (_gate)
        {
            _view = _view with { Status = status, Error = error, FinishedAt = _context.Time.GetUtcNow(), Diff = _shadow?.Diff() };
        }

        var view = View();
        _context.Store.Replays.SaveReplay(view.Id, view.Processor, view.Generation, status, ReplayJson.Write(view), view.CreatedAt, _context.Time.GetUtcNow());
    }
}

/// <summary>What a replay needs from the runtime.</summary>
internal sealed record ReplayContext(IReadOnlyList<PartitionConsumer> Consumers, EventLog Log, StateStore Store, EmbeddedOptions Options, TimeProvider Time, Router Router);
