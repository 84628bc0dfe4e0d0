using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>
/// One partition's workers in memory, with what the consumer tracks for each beside the core record: whether the
/// current batch changed it (to be written to the changelog) and whether its latest record is only in the changelog
/// (to be folded into the next snapshot). Both are stamps kept in the dictionary entry itself, so marking a worker costs
/// no hash beyond the lookup the event already made, a batch's marks need no clearing, and a snapshot clears every
/// worker's flag by moving to the next epoch (a set of ids cost ~40 bytes per worker at 200k workers).
/// </summary>
internal sealed class WorkerTable : IReadOnlyDictionary<WorkerId, Worker>
{
    private readonly Dictionary<WorkerId, Entry> _entries = [];
    private readonly List<Worker> _changed = [];
    private long _batch = 1;
    private long _epoch = 1;

    /// <summary>How many workers have their latest record only in the changelog.</summary>
    public int Unsnapshotted { get; private set; }

    /// <summary>The workers the current batch changed, each once, in the order they were first changed.</summary>
    public IReadOnlyList<Worker> Changed => _changed;

    public int Count => _entries.Count;

    public Worker this[WorkerId key] => _entries[key].Worker;

    public IEnumerable<WorkerId> Keys => _entries.Keys;

    public IEnumerable<Worker> Values => _entries.Values.Select(e => e.Worker);

    public bool ContainsKey(WorkerId key) => _entries.ContainsKey(key);

    public bool TryGetValue(WorkerId key, [MaybeNullWhen(false)] out Worker value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Worker;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The entry of <paramref name="id"/>, or a null reference when there is none (test with
    /// <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>); valid until the table next changes. The consumer looks a worker up
    /// once per event and marks it changed through this reference, without hashing its id again.</summary>
    public ref Entry EntryOf(WorkerId id) => ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);

    /// <summary>Marks the worker of <paramref name="entry"/> (from <see cref="EntryOf"/>) changed by the current batch.</summary>
    public void SetChanged(ref Entry entry)
    {
        if (entry.ChangedIn != _batch)
        {
            entry.ChangedIn = _batch;
            _changed.Add(entry.Worker);
            Unsnapshot(ref entry);
        }
    }

    /// <summary>Stores <paramref name="worker"/> (new or the same object) and marks it changed by the current batch.</summary>
    public void SetChanged(Worker worker)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, worker.Id, out _);
        entry.Worker = worker;
        SetChanged(ref entry);
    }

    /// <summary>Stores a worker read back from the store; <paramref name="fromChangelog"/> when its record is a changelog one.</summary>
    public void Load(Worker worker, bool fromChangelog)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, worker.Id, out var existed);
        if (existed && entry.InChangelogOf == _epoch)
        {
            entry.InChangelogOf = 0;
            Unsnapshotted--;
        }

        entry = new Entry { Worker = worker };
        if (fromChangelog)
        {
            Unsnapshot(ref entry);
        }
    }

    /// <summary>Stores a worker whose record is in the changelog only, not changed by the current batch (a rebuild's switch).</summary>
    public void SetUnsnapshotted(Worker worker)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, worker.Id, out _);
        entry = new Entry { Worker = worker };
        Unsnapshot(ref entry);
    }

    /// <summary>Removes a worker; returns whether its latest record was only in the changelog.</summary>
    public bool Remove(WorkerId id, [MaybeNullWhen(false)] out Worker worker)
    {
        if (!_entries.Remove(id, out var entry))
        {
            worker = null;
            return false;
        }

        worker = entry.Worker;
        if (entry.InChangelogOf == _epoch)
        {
            Unsnapshotted--;
            return true;
        }

        return false;
    }

    /// <summary>The workers whose latest record is only in the changelog.</summary>
    public IEnumerable<Worker> UnsnapshottedWorkers()
    {
        var epoch = _epoch;
        return _entries.Values.Where(e => e.InChangelogOf == epoch).Select(e => e.Worker);
    }

    /// <summary>After the batch's changes committed: the next batch starts with none.</summary>
    public void EndBatch()
    {
        _changed.Clear();
        _batch++;
    }

    /// <summary>After a snapshot of every unsnapshotted worker committed.</summary>
    public void Snapshotted()
    {
        _epoch++;
        Unsnapshotted = 0;
    }

    public void Clear()
    {
        _entries.Clear();
        EndBatch();
        Snapshotted();
    }

    public IEnumerator<KeyValuePair<WorkerId, Worker>> GetEnumerator() =>
        _entries.Select(e => KeyValuePair.Create(e.Key, e.Value.Worker)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Unsnapshot(ref Entry entry)
    {
        if (entry.InChangelogOf != _epoch)
        {
            entry.InChangelogOf = _epoch;
            Unsnapshotted++;
        }
    }

    /// <summary>A worker and what the consumer tracks for it.</summary>
    public struct Entry
    {
        public Worker Worker;

        /// <summary>The batch that last changed the worker.</summary>
        public long ChangedIn;

        /// <summary>The snapshot epoch in which the worker's record went into the changelog (current epoch: not yet in a snapshot).</summary>
        public long InChangelogOf;
    }
}
