using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.State;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    private readonly Dictionary<string, string> _paused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);
    private volatile bool _anyPaused;

    /// <summary>The event time up to which the last step fired queued timers: a rebuild fires its own timers up to it,
    /// suppressed, when it switches (the live generation already fired those), and arms the later ones.</summary>
    private DateTimeOffset _lastWatermark = DateTimeOffset.MinValue;

    /// <summary>Processors this consumer does not run until a replay rebuilds them, with the reason.</summary>
    public IReadOnlyDictionary<string, string> PausedProcessors
    {
        get
        {
            lock (_paused)
            {
                return new Dictionary<string, string>(_paused, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Stops applying events to <paramref name="processor"/> here (its stored records stay untouched) until a rebuild switches it live.
    /// Only before processing starts or under the gate.</summary>
    public void Pause(string processor, string reason)
    {
        lock (_paused)
        {
            _paused[processor] = reason;
            _anyPaused = true;
        }

        foreach (var (id, worker) in _workers.Where(w => w.Key.Processor == processor).ToList())
        {
            _workers.Remove(id);

            // Its latest record may exist only in the changelog, which the next snapshot commit deletes: keep it to be
            // written with that snapshot, so pausing a processor never loses its live state.
            if (UnmarkUnsnapshotted(worker))
            {
                _pausedRecords[id] = WorkerCodec.Encode(worker, _router.Find(processor)!);
            }
        }
    }

    /// <summary>Records of paused processors that must be written with the next snapshot (see <see cref="Pause"/>).</summary>
    private IEnumerable<(string Processor, string Key, byte[] Body)> PausedRecords(string? except = null) =>
        _pausedRecords.Where(r => r.Key.Processor != except).Select(r => (r.Key.Processor, r.Key.Key, r.Value));

    private bool IsPaused(string processor)
    {
        if (!_anyPaused)
        {
            return false;
        }

        lock (_paused)
        {
            return _paused.ContainsKey(processor);
        }
    }

    /// <summary>Live-created workers of a rebuilt processor carry its current generation.</summary>
    private void StampGeneration(Worker worker)
    {
        if (worker.EventsApplied == 1 && _generations.Count > 0 && _generations.TryGetValue(worker.Id.Processor, out var generation))
        {
            worker.Generation = generation;
        }
    }

    /// <summary>Holds this consumer still (no step runs) until <see cref="Release"/>: a rebuild's switch holds every partition at once.</summary>
    public Task HoldAsync(CancellationToken cancellationToken) => _gate.WaitAsync(cancellationToken);

    public void Release() => _gate.Release();

    /// <summary>The event time up to which the live generation fired its timers; read while held.</summary>
    public DateTimeOffset Watermark => _lastWatermark;

    /// <summary>
    /// While held: prepares the commit that makes <paramref name="rebuild"/> live here: the snapshot of every record not yet
    /// snapshotted that the switch keeps, the rebuilt workers, the paused processors' pending records, and the rebuild's dead
    /// letters. Memory is untouched until <see cref="CompleteSwitch"/>, so a failed commit only needs <see cref="AbandonSwitch"/>.
    /// </summary>
    public PartitionCommit StageSwitch(PartitionRebuild rebuild, string name, string replayId)
    {
        if (!rebuild.IsFull && IsPaused(name))
        {
            // Refused when the replay starts; a pause that appeared since (a restart that found unreadable state) lands here.
            throw new InvalidOperationException($"'{name}' is paused here and needs a rebuild of every key from the whole log, not of some keys or from a position");
        }

        var snapshot = new List<(string Processor, string Key, byte[] Body)>(_unsnapshotted + rebuild.Workers.Count);
        foreach (var live in Unsnapshotted())
        {
            if (live.Id.Processor != name || !rebuild.Covers(live.Id.Key))
            {
                snapshot.Add((live.Id.Processor, live.Id.Key, WorkerCodec.Encode(live, _router.Find(live.Id.Processor)!)));
            }
        }

        var processor = _router.Find(name)!;
        foreach (var worker in rebuild.Workers.Values)
        {
            snapshot.Add((name, worker.Id.Key, WorkerCodec.Encode(worker, processor)));
        }

        snapshot.AddRange(PausedRecords(except: name));

        // In key order: the upserts then walk the snapshot table's B-tree forward instead of hopping across its pages.
        snapshot.Sort(static (a, b) =>
        {
            var byProcessor = string.CompareOrdinal(a.Processor, b.Processor);
            return byProcessor != 0 ? byProcessor : string.CompareOrdinal(a.Key, b.Key);
        });
        _commit.Checkpoint = _checkpoint;
        _commit.Snapshot = snapshot;
        _commit.DeadLetters.AddRange(rebuild.DeadLetters);
        _commit.GenerationSwitch = new GenerationSwitch(replayId, name, rebuild.KeyPrefix, rebuild.Generation, LiftsPause: rebuild.IsFull);
        return _commit;
    }

    /// <summary>While held, after a failed switch commit: forgets the staged commit (memory was not changed).</summary>
    public void AbandonSwitch() => _commit.Clear();

    /// <summary>While held, once the switch has committed: the rebuilt workers replace the processor's (all, or those with the
    /// rebuild's key prefix) with their timers armed, and a full rebuild lifts the processor's pause.</summary>
    public void CompleteSwitch(PartitionRebuild rebuild, string name)
    {
        foreach (var id in _workers.Keys.Where(id => id.Processor == name && rebuild.Covers(id.Key)).ToList())
        {
            _workers.Remove(id);
        }

        foreach (var worker in rebuild.Workers.Values)
        {
            // The rebuild kept its own bookkeeping in the owner's scratch; the consumer starts it afresh.
            worker.HostMark = 0;
            ProjectionRows.Release(worker);
            _workers[worker.Id] = worker;
            if (worker.Status == WorkerStatus.Active && worker.Timers is { } timers)
            {
                foreach (var timer in timers.Values)
                {
                    _timers.Arm(worker.Id, timer);
                }
            }
        }

        _commit.Clear();
        ClearUnsnapshotted();
        _pausedRecords.Clear();
        _changesSinceSnapshot = 0;
        _batchStamp++;
        _generations[name] = rebuild.Generation;

        // A paused processor skipped events here that only a rebuild of every key from the whole log applied.
        if (rebuild.IsFull)
        {
            lock (_paused)
            {
                _paused.Remove(name);
                _anyPaused = _paused.Count > 0;
            }
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
