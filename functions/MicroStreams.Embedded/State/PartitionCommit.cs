using MicroStreams.DeadLetters;
using MicroStreams.Effects;

namespace MicroStreams.Embedded.State;

/// <summary>Everything one consumer batch changed, committed in one transaction with the partition's checkpoint.</summary>
internal sealed class PartitionCommit(int partition)
{
    public int Partition { get; } = partition;
    public long Checkpoint { get; set; }

    /// <summary>Encoded records of the workers the batch changed, appended to the changelog as one row.</summary>
    public List<byte[]> ChangedWorkers { get; } = [];

    public List<Effect> Effects { get; } = [];
    public List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>Dead letters this batch redrove; marked so they are not redriven twice.</summary>
    public List<long> Redriven { get; } = [];

    /// <summary>When set, the changelog of the partition is folded into these snapshot records in the same transaction.</summary>
    public List<(string Processor, string Key, byte[] Body)>? Snapshot { get; set; }

    public TimeSpan DefaultEffectMaxAge { get; set; }

    public bool IsEmpty => ChangedWorkers.Count == 0 && Effects.Count == 0 && DeadLetters.Count == 0 && Redriven.Count == 0 && Snapshot is null;

    public void Clear()
    {
        ChangedWorkers.Clear();
        Effects.Clear();
        DeadLetters.Clear();
        Redriven.Clear();
        Snapshot = null;
    }
}
