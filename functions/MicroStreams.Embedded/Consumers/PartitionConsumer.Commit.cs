using MicroStreams.DeadLetters;
using MicroStreams.Embedded.State;
using MicroStreams.Events;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    /// <summary>Carries out the step's actions: arms new timers, and moves effects, rows and dead letters (of the record
    /// <paramref name="raw"/>, or of a timer) into the pending commit.</summary>
    private void TakeResults(ReadOnlyMemory<byte> raw, DateTimeOffset now)
    {
        foreach (var (worker, timer) in _results.ArmedTimers)
        {
            _timers.Arm(worker, timer);
        }

        _timerTraces.Armed(_results.ArmedTimers, _stepSpan);

        Stats.TimersFired += _results.TimersFired;
        Stats.Applied += _results.TimersFired;
        foreach (var letter in _results.DeadLetters)
        {
            Stats.DeadLetters++;
            if (letter.Kind == DeadLetterKind.TimerFailed)
            {
                Stats.Failed++;
                _batchCommit.AddTimerDeadLetter(letter, _checkpoint, now);
                continue;
            }

            _batchCommit.AddDeadLetter(letter.Kind, letter.Position, letter.Event, letter.Worker, letter.Reason, letter.Attempts, raw, now);
        }

        Stats.Effects += _results.Effects.Count;
        _batchCommit.AddEffects(_results.Effects, _ingestedAt, _stepSpan);
        _batchCommit.AddProjectionChanges(_results.ProjectionChanges);
        _results.Clear();
    }

    private void DeadLetter(DeadLetterKind kind, EventPosition position, string reason, ReadOnlyMemory<byte> raw, DateTimeOffset now)
    {
        Stats.DeadLetters++;
        _batchCommit.AddDeadLetter(kind, position, null, null, reason, 0, raw, now);
    }

    /// <summary>Commits the batch: changed workers, effects, dead letters, rows and the checkpoint, in one transaction
    /// (<see cref="StateStore.Commit"/>); every <see cref="EmbeddedOptions.CompactAfterChanges"/> changes, a snapshot instead of the changelog.</summary>
    private void Commit(DateTimeOffset now)
    {
        var changed = _workers.Changed;
        _batchCommit.Seal(_checkpoint, _lastWatermark, changed, name => _router.Find(name)!);
        var commit = _batchCommit.Commit;
        _changesSinceSnapshot += changed.Count;
        if (_changesSinceSnapshot >= _options.CompactAfterChanges)
        {
            commit.Snapshot = [.. _workers.UnsnapshottedWorkers().Select(w => (w.Id.Processor, w.Id.Key, WorkerCodec.Encode(w, _router.Find(w.Id.Processor)!))), .. _paused.Records()];
        }

        _store.Commit(commit, now);
        if (commit.Snapshot is not null)
        {
            _workers.Snapshotted();
            _paused.RecordsWritten();
            _changesSinceSnapshot = 0;
            Stats.Compactions++;
        }

        _workers.EndBatch();
        _batchCommit.Clear();
        Stats.Commits++;
    }

    /// <summary>Folds the changelog into snapshots now (at shutdown, so the next start reads less).</summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_workers.Unsnapshotted > 0)
            {
                _changesSinceSnapshot = _options.CompactAfterChanges;
                Commit(_time.GetUtcNow());
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
