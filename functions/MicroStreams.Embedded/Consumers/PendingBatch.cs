using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Embedded.State;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Projections;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>
/// What the batch being applied will commit, gathered from the worker step's actions: effects, dead letters, projection
/// rows (the last change per row, serialized only at the commit) and the changed workers' changelog records, cut into
/// rows of <see cref="PartitionCommit.ChangelogRowBytes"/>. Hands a <see cref="PartitionCommit"/> to the state store.
/// </summary>
internal sealed class PendingBatch(int partition, TimeSpan defaultEffectMaxAge)
{
    /// <summary>Maps of a batch's projection changes, shared by the partitions: a batch's map is large and idle partitions need none.</summary>
    private static readonly ConcurrentBag<Dictionary<(string Projection, string Key), ProjectionChange>> SpareProjectionChanges = [];

    private Dictionary<(string Projection, string Key), ProjectionChange>? _projectionChanges;

    /// <summary>Changelog records being encoded; a worker record is far smaller than a row, so the buffer stays under the
    /// large-object threshold.</summary>
    private readonly ArrayBufferWriter<byte> _changelogRow = new(PartitionCommit.ChangelogRowBytes + (16 * 1024));

    public PartitionCommit Commit { get; } = new(partition) { DefaultEffectMaxAge = defaultEffectMaxAge };

    public bool IsEmpty => Commit.IsEmpty;

    public void AddEffects(List<Effect> decided, DateTimeOffset? ingestedAt, Activity? step) =>
        Telemetry.ConsumerTracing.AddEffects(Commit.Effects, decided, ingestedAt, step);

    public void AddProjectionChanges(List<ProjectionChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var pending = _projectionChanges ??= SpareProjectionChanges.TryTake(out var spare) ? spare : [];
        foreach (var change in changes)
        {
            pending[(change.Projection, change.Key)] = change;
        }
    }

    public void AddDeadLetter(DeadLetterKind kind, EventPosition position, StreamEvent? @event, WorkerId? worker, string reason, int attempts, ReadOnlyMemory<byte> raw, DateTimeOffset now) =>
        Commit.DeadLetters.Add(new DeadLetter
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

    /// <summary>A failed timer's dead letter: what identifies the timer stands in for the record.</summary>
    public void AddTimerDeadLetter(StepDeadLetter letter, long checkpoint, DateTimeOffset now)
    {
        var timer = JsonSerializer.SerializeToUtf8Bytes(new { processor = letter.Worker.Processor, key = letter.Worker.Key, timer = letter.Timer, due = letter.TimerDue });
        AddDeadLetter(letter.Kind, new EventPosition(partition, checkpoint), null, letter.Worker, letter.Reason, letter.Attempts, timer, now);
    }

    /// <summary>Serializes the batch's last change of each projection row and the changed workers' records.</summary>
    public void Seal(long checkpoint, DateTimeOffset firedUntil, IReadOnlyList<Worker> changed, Func<string, IProcessor> processorOf)
    {
        Commit.Checkpoint = checkpoint;
        Commit.FiredUntil = firedUntil;
        if (_projectionChanges is { } pending)
        {
            foreach (var (row, change) in pending)
            {
                Commit.Projections[row] = change.Document;
            }

            ReturnProjectionChanges();
        }

        if (changed.Count > 0)
        {
            using var writer = new Utf8JsonWriter(_changelogRow);
            foreach (var worker in changed)
            {
                AddToChangelog(writer, worker, processorOf(worker.Id.Processor));
            }

            CutChangelogRow();
            Commit.ChangedWorkers = changed.Count;
        }
    }

    /// <summary>Appends <paramref name="worker"/>'s record to the changelog row being written, cutting the row when full.</summary>
    public void AddToChangelog(Utf8JsonWriter writer, Worker worker, IProcessor processor)
    {
        WorkerCodec.Write(writer, worker, processor);
        writer.Flush();
        _changelogRow.Write("\n"u8);
        writer.Reset(_changelogRow);
        CutChangelogRowWhenFull();
    }

    /// <summary>Appends an already encoded record to the changelog row being written.</summary>
    public void AddToChangelog(byte[] body)
    {
        _changelogRow.Write(body);
        _changelogRow.Write("\n"u8);
        CutChangelogRowWhenFull();
    }

    public Utf8JsonWriter ChangelogWriter() => new(_changelogRow);

    /// <summary>Moves the records encoded so far into a changelog row of their own; the row buffer is reused.</summary>
    public void CutChangelogRow()
    {
        if (_changelogRow.WrittenCount > 0)
        {
            Commit.Changelog.Add(_changelogRow.WrittenSpan.ToArray());
            _changelogRow.ResetWrittenCount();
        }
    }

    public void Clear()
    {
        ReturnProjectionChanges();
        _changelogRow.ResetWrittenCount();
        Commit.Clear();
    }

    private void CutChangelogRowWhenFull()
    {
        if (_changelogRow.WrittenCount >= PartitionCommit.ChangelogRowBytes)
        {
            CutChangelogRow();
        }
    }

    private void ReturnProjectionChanges()
    {
        if (_projectionChanges is { } pending)
        {
            pending.Clear();
            SpareProjectionChanges.Add(pending);
            _projectionChanges = null;
        }
    }
}
