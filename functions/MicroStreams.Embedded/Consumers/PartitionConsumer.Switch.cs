using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.State;
using MicroStreams.Processors;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    /// <summary>The generation each rebuilt processor's live-created workers carry (absent: 0, never rebuilt).</summary>
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);

    /// <summary>Processors this consumer does not run until a replay rebuilds them, with the reason.</summary>
    public IReadOnlyDictionary<string, string> PausedProcessors => _paused.Reasons;

    /// <summary>Stops applying events to <paramref name="processor"/> here (its stored records stay untouched) until a rebuild switches it live.
    /// Only before processing starts or under the gate.</summary>
    public void Pause(string processor, string reason)
    {
        _paused.Pause(processor, reason);
        foreach (var id in _workers.Keys.Where(id => id.Processor == processor).ToList())
        {
            // Its latest record may exist only in the changelog, which the next snapshot commit deletes: keep it to be
            // written with that snapshot, so pausing a processor never loses its live state.
            if (_workers.Remove(id, out var worker))
            {
                _paused.KeepRecord(id, WorkerCodec.Encode(worker, _router.Find(processor)!));
            }
        }
    }

    /// <summary>The generation live-created workers of <paramref name="processor"/> carry: the one its last rebuild made live.</summary>
    private long GenerationOf(IProcessor processor) =>
        _generations.Count > 0 && _generations.TryGetValue(processor.Spec.Name, out var generation) ? generation : 0;

    /// <summary>Holds this consumer still (no step runs) until <see cref="Release"/>: a rebuild's switch holds every partition at once.</summary>
    public Task HoldAsync(CancellationToken cancellationToken) => _gate.WaitAsync(cancellationToken);

    public void Release() => _gate.Release();

    /// <summary>The event time up to which the live generation fired its timers; read while held.</summary>
    public DateTimeOffset Watermark => _lastWatermark;

    /// <summary>
    /// While held: prepares the commit that makes <paramref name="rebuild"/> live here. The rebuilt workers go into the
    /// partition's changelog, as a live batch's changed workers do, replacing its rows so far: every record only those rows
    /// hold and the switch keeps (other processors' workers not yet snapshotted, paused processors' pending records) is
    /// written again with them. The consumer's next compaction folds them into snapshots, outside the hold: upserting
    /// ~100k snapshot rows under it was a third of a switch. The rebuild's dead letters go too. Memory is untouched until
    /// <see cref="CompleteSwitch"/>, so a failed commit only needs <see cref="AbandonSwitch"/>.
    /// </summary>
    public PartitionCommit StageSwitch(PartitionRebuild rebuild, string name, string replayId)
    {
        if (!rebuild.IsFull && _paused.IsPaused(name))
        {
            // Refused when the replay starts; a pause that appeared since (a restart that found unreadable state) lands here.
            throw new InvalidOperationException($"'{name}' is paused here and needs a rebuild of every key from the whole log, not of some keys or from a position");
        }

        using (var writer = _batchCommit.ChangelogWriter())
        {
            foreach (var live in _workers.UnsnapshottedWorkers())
            {
                if (live.Id.Processor != name || !rebuild.Covers(live.Id.Key))
                {
                    _batchCommit.AddToChangelog(writer, live, _router.Find(live.Id.Processor)!);
                }
            }

            var processor = _router.Find(name)!;
            foreach (var worker in rebuild.Workers.Values)
            {
                _batchCommit.AddToChangelog(writer, worker, processor);
            }
        }

        foreach (var (_, _, body) in _paused.Records(except: name))
        {
            _batchCommit.AddToChangelog(body);
        }

        _batchCommit.CutChangelogRow();
        var commit = _batchCommit.Commit;
        commit.Checkpoint = _checkpoint;
        commit.DeadLetters.AddRange(rebuild.DeadLetters);
        commit.GenerationSwitch = new GenerationSwitch(replayId, name, rebuild.KeyPrefix, rebuild.Generation, LiftsPause: rebuild.IsFull, rebuild.Workers.ContainsKey);
        return commit;
    }

    /// <summary>While held, after a failed switch commit: forgets the staged commit (memory was not changed).</summary>
    public void AbandonSwitch() => _batchCommit.Clear();

    /// <summary>While held, once the switch has committed: the rebuilt workers replace the processor's (all, or those with the
    /// rebuild's key prefix) with their timers armed, and a full rebuild lifts the processor's pause.</summary>
    public void CompleteSwitch(PartitionRebuild rebuild, string name)
    {
        foreach (var id in _workers.Keys.Where(id => id.Processor == name && rebuild.Covers(id.Key)).ToList())
        {
            _workers.Remove(id, out _);
        }

        foreach (var worker in rebuild.Workers.Values)
        {
            // Its record is in the changelog only (see StageSwitch), so the next compaction snapshots it.
            _workers.SetUnsnapshotted(worker);
            if (worker.Status == WorkerStatus.Active && worker.Timers is { } timers)
            {
                foreach (var timer in timers.Values)
                {
                    _timers.Arm(worker.Id, timer);
                }
            }
        }

        _batchCommit.Clear();

        // The other processors' paused records stay: they are in the changelog now, which the next compaction deletes.
        _paused.ForgetRecordsOf(name);
        _changesSinceSnapshot += rebuild.Workers.Count;
        _generations[name] = rebuild.Generation;

        // A paused processor skipped events here that only a rebuild of every key from the whole log applied.
        if (rebuild.IsFull)
        {
            _paused.Lift(name);
        }
    }

    /// <summary>Under the gate: brings a shadow to the live checkpoint and compares it with the live workers.</summary>
    public async Task<T> AtCheckpointAsync<T>(Func<long, DateTimeOffset, IReadOnlyDictionary<WorkerId, Worker>, T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return action(_checkpoint, _lastWatermark, _workers);
        }
        finally
        {
            _gate.Release();
        }
    }
}
