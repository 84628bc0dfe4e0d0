using System.Buffers;
using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded.State;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    private void MarkDirty(Worker worker)
    {
        if (worker.HostMark != _batchStamp)
        {
            worker.HostMark = _batchStamp;
            _dirty.Add(worker);
            MarkUnsnapshotted(worker);
        }
    }

    /// <summary>Carries out the step's actions: arms new timers, and moves effects, rows and dead letters (of the record
    /// <paramref name="raw"/>, or of a timer) into the pending commit.</summary>
    private void TakeResults(ReadOnlyMemory<byte> raw, DateTimeOffset now)
    {
        foreach (var (worker, timer) in _results.ArmedTimers)
        {
            _timers.Arm(worker, timer);
        }

        Stats.TimersFired += _results.TimersFired;
        Stats.Applied += _results.TimersFired;
        foreach (var letter in _results.DeadLetters)
        {
            if (letter.Kind == DeadLetterKind.TimerFailed)
            {
                Stats.Failed++;
                var timer = JsonSerializer.SerializeToUtf8Bytes(new { processor = letter.Worker.Processor, key = letter.Worker.Key, timer = letter.Timer, due = letter.TimerDue });
                DeadLetter(letter.Kind, new EventPosition(_partition, _checkpoint), null, letter.Worker, letter.Reason, letter.Attempts, timer, now);
                continue;
            }

            DeadLetter(letter.Kind, letter.Position, letter.Event, letter.Worker, letter.Reason, letter.Attempts, raw, now);
        }

        Stats.Effects += _results.Effects.Count;
        Telemetry.ConsumerTracing.AddEffects(_commit.Effects, _results.Effects, _ingestedAt, _stepSpan);
        if (_results.ProjectionChanges.Count > 0)
        {
            var pending = _pendingProjections ??= SparePendingProjections.TryTake(out var spare) ? spare : [];
            foreach (var change in _results.ProjectionChanges)
            {
                pending[(change.Projection, change.Key)] = change;
            }
        }

        _results.Clear();
    }

    private void DeadLetter(DeadLetterKind kind, EventPosition position, StreamEvent? @event, WorkerId? worker, string reason, int attempts, ReadOnlyMemory<byte> raw, DateTimeOffset now)
    {
        Stats.DeadLetters++;
        _commit.DeadLetters.Add(new DeadLetter
        {
            Kind = kind,
            Partition = position.Partition,
            Sequence = position.Sequence,
            Processor = worker?.Processor,
            Key = worker?.Key,
            EventId = @event?.Id,
            EventType = @event?.Type,
            Reason = reason,
            Attempts = attempts,
            Raw = raw.ToArray(),
            CreatedAt = now,
        });
    }

    private void Commit(DateTimeOffset now)
    {
        _commit.Checkpoint = _checkpoint;
        _commit.FiredUntil = _lastWatermark;

        // Only the last change of each row in the batch is serialized, now.
        if (_pendingProjections is { } pending)
        {
            foreach (var (row, change) in pending)
            {
                _commit.Projections[row] = change.Document;
            }

            ReturnPendingProjections();
        }
        if (_dirty.Count > 0)
        {
            using var writer = new Utf8JsonWriter(_changelogRow);
            foreach (var worker in _dirty)
            {
                AddToChangelog(writer, worker, _router.Find(worker.Id.Processor)!);
            }

            CutChangelogRow();
            _commit.ChangedWorkers = _dirty.Count;
        }

        _changesSinceSnapshot += _dirty.Count;
        if (_changesSinceSnapshot >= _options.CompactAfterChanges)
        {
            _commit.Snapshot = [.. Unsnapshotted().Select(w => (w.Id.Processor, w.Id.Key, WorkerCodec.Encode(w, _router.Find(w.Id.Processor)!))), .. PausedRecords()];
        }

        _store.Commit(_commit, now);
        if (_commit.Snapshot is not null)
        {
            ClearUnsnapshotted();
            _pausedRecords.Clear();
            _changesSinceSnapshot = 0;
            Stats.Compactions++;
        }

        _dirty.Clear();
        _batchStamp++;
        _commit.Clear();
        Stats.Commits++;
    }

    private void ReturnPendingProjections()
    {
        if (_pendingProjections is { } pending)
        {
            pending.Clear();
            SparePendingProjections.Add(pending);
            _pendingProjections = null;
        }
    }

    /// <summary>Appends <paramref name="worker"/>'s record to the changelog row being written, cutting the row when full.</summary>
    private void AddToChangelog(Utf8JsonWriter writer, Worker worker, IProcessor processor)
    {
        WorkerCodec.Write(writer, worker, processor);
        writer.Flush();
        _changelogRow.Write("\n"u8);
        writer.Reset(_changelogRow);
        CutChangelogRowWhenFull();
    }

    private void CutChangelogRowWhenFull()
    {
        if (_changelogRow.WrittenCount >= PartitionCommit.ChangelogRowBytes)
        {
            CutChangelogRow();
        }
    }

    /// <summary>Moves the records encoded so far into a changelog row of their own; the row buffer is reused.</summary>
    private void CutChangelogRow()
    {
        if (_changelogRow.WrittenCount > 0)
        {
            _commit.Changelog.Add(_changelogRow.WrittenSpan.ToArray());
            _changelogRow.ResetWrittenCount();
        }
    }

    /// <summary>Folds the changelog into snapshots now (at shutdown, so the next start reads less).</summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_unsnapshotted > 0)
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

    private void Load()
    {
        _checkpoint = _store.ReadCheckpoint(_partition);
        _lastWatermark = _store.ReadFiredUntil(_partition);
        var orphans = new List<(string, string, byte[])>();
        _store.ReadWorkerRecords(_partition, (body, fromChangelog) =>
        {
            var id = WorkerCodec.ReadId(body);
            Worker? worker = null;
            if (_router.Find(id.Processor) is { } processor && !IsPaused(id.Processor))
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

            if (_workers.TryGetValue(id, out var replaced))
            {
                UnmarkUnsnapshotted(replaced);
            }

            _workers[id] = worker;
            if (fromChangelog)
            {
                MarkUnsnapshotted(worker);
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

        if (orphans.Count > 0 || _pausedRecords.Count > 0)
        {
            _commit.Snapshot = [.. orphans, .. PausedRecords()];
            foreach (var worker in Unsnapshotted())
            {
                _commit.Snapshot.Add((worker.Id.Processor, worker.Id.Key, WorkerCodec.Encode(worker, _router.Find(worker.Id.Processor)!)));
            }

            _commit.Checkpoint = _checkpoint;
            _store.Commit(_commit, _time.GetUtcNow());
            _commit.Clear();
            ClearUnsnapshotted();
            _pausedRecords.Clear();
            _changesSinceSnapshot = 0;
        }
    }
}
