using System.Collections.Concurrent;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;

namespace MicroStreams.Embedded.State;

/// <summary>Everything one consumer batch changed, committed in one transaction with the partition's checkpoint.</summary>
internal sealed class PartitionCommit(int partition)
{
    public int Partition { get; } = partition;
    public long Checkpoint { get; set; }

    /// <summary>How far the consumer has fired its timers: the horizon a rebuild's switch fires up to (docs/timers.md).</summary>
    public DateTimeOffset FiredUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>
    /// The workers the batch changed, as newline-delimited JSON records cut into rows of about
    /// <see cref="ChangelogRowBytes"/> (whole records only). A large batch changes tens of thousands of workers, several
    /// MB of JSON: as one array that would be large-object-heap garbage on every commit (freed only by a full
    /// collection) plus a buffer that stays at its high-water mark in every partition.
    /// </summary>
    public List<byte[]> Changelog { get; } = [];

    /// <summary>Target size of one changelog row: well under the 85 KB at which .NET allocates on the large-object heap.</summary>
    public const int ChangelogRowBytes = 32 * 1024;

    public int ChangedWorkers { get; set; }

    public List<Effect> Effects { get; } = [];
    public List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>Dead letters this batch redrove; marked so they are not redriven twice.</summary>
    public List<long> Redriven { get; } = [];

    /// <summary>When set, the changelog of the partition is folded into these snapshot records in the same transaction.</summary>
    public List<(string Processor, string Key, byte[] Body)>? Snapshot { get; set; }

    public TimeSpan DefaultEffectMaxAge { get; set; }

    /// <summary>Set when a replay's new generation goes live with this commit (see <see cref="State.GenerationSwitch"/>).</summary>
    public GenerationSwitch? GenerationSwitch { get; set; }

    /// <summary>
    /// Maps of projection rows, shared by the partitions' commits: a batch's map holds tens of thousands of rows and keeps
    /// that capacity when cleared, and only the consumers committing at the same moment need one, not every partition.
    /// </summary>
    private static readonly ConcurrentBag<Dictionary<(string Projection, string Key), string?>> SpareProjectionMaps = [];
    private Dictionary<(string Projection, string Key), string?>? _projections;

    /// <summary>Projection rows the batch set (document) or removed (null), coalesced: the last change of a row in the batch wins.</summary>
    public Dictionary<(string Projection, string Key), string?> Projections =>
        _projections ??= SpareProjectionMaps.TryTake(out var spare) ? spare : [];

    public bool HasProjections => _projections is { Count: > 0 };

    public bool IsEmpty => ChangedWorkers == 0 && Effects.Count == 0 && DeadLetters.Count == 0 && Redriven.Count == 0 && Snapshot is null && !HasProjections;

    public void Clear()
    {
        Changelog.Clear();
        ChangedWorkers = 0;
        Effects.Clear();
        DeadLetters.Clear();
        Redriven.Clear();
        if (_projections is { } projections)
        {
            projections.Clear();
            SpareProjectionMaps.Add(projections);
            _projections = null;
        }

        Snapshot = null;
        GenerationSwitch = null;
    }
}
