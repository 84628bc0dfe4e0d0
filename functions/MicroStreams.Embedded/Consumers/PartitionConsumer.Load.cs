using MicroStreams.Embedded.State;
using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    /// <summary>Reads the partition's checkpoint and worker records back (snapshots, then the changelog), arms their timers,
    /// and folds records of processors removed from the code or paused into snapshots.</summary>
    private void Load()
    {
        _checkpoint = _store.Checkpoints.ReadCheckpoint(_partition);
        _lastWatermark = _store.Checkpoints.ReadFiredUntil(_partition);
        var orphans = new List<(string, string, byte[])>();
        _store.Workers.ReadWorkerRecords(_partition, (body, fromChangelog) =>
        {
            var id = WorkerCodec.ReadId(body);
            Worker? worker = null;
            if (_router.Find(id.Processor) is { } processor && !_paused.IsPaused(id.Processor))
            {
                try
                {
                    worker = WorkerCodec.Read(body, processor);
                }
                catch (StateVersionException ex)
                {
                    // Stored state the code cannot read and no upgrade: this processor waits for a rebuild; the others run.
                    Pause(id.Processor, ex.Message);
                }
            }

            if (worker is null)
            {
                // A processor removed from the code or paused: keep its records untouched, folded into snapshots.
                if (fromChangelog)
                {
                    orphans.Add((id.Processor, id.Key, body));
                }

                return;
            }

            _workers.Load(worker, fromChangelog);
            if (fromChangelog)
            {
                _changesSinceSnapshot++;
            }
        });

        foreach (var worker in _workers.Values)
        {
            if (worker.Timers is null || worker.Status != WorkerStatus.Active)
            {
                continue;
            }

            foreach (var timer in worker.Timers.Values)
            {
                _timers.Arm(worker.Id, timer);
            }
        }

        if (orphans.Count > 0 || _paused.HasRecords)
        {
            var commit = _batchCommit.Commit;
            commit.Snapshot = [.. orphans, .. _paused.Records()];
            foreach (var worker in _workers.UnsnapshottedWorkers())
            {
                commit.Snapshot.Add((worker.Id.Processor, worker.Id.Key, WorkerCodec.Encode(worker, _router.Find(worker.Id.Processor)!)));
            }

            commit.Checkpoint = _checkpoint;
            _store.Commit(commit, _time.GetUtcNow());
            _batchCommit.Clear();
            _workers.Snapshotted();
            _paused.RecordsWritten();
            _changesSinceSnapshot = 0;
        }
    }
}
