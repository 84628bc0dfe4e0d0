using MicroStreams.Workers;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// A guess at a key's worker from the hash of its characters alone: a direct-mapped table (the last worker added whose
/// hash falls in a slot), at least twice as many slots as workers. A rebuild looks a few records ahead with it, to
/// prefetch the workers it is about to apply events to, without the dictionary's key comparison, which would itself wait
/// for the key's string to be loaded. A wrong guess (another key in the slot) costs one wasted prefetch; the dictionary
/// is still the one that finds the worker.
/// </summary>
internal sealed class WorkerHints
{
    private Worker?[] _slots;
    private int _count;

    public WorkerHints(int expectedWorkers) => _slots = new Worker?[SlotsFor(expectedWorkers)];

    public static int HashOf(ReadOnlySpan<char> key) => string.GetHashCode(key);

    public Worker? Guess(int hash) => _slots[hash & (_slots.Length - 1)];

    /// <summary>Records a worker just added to <paramref name="all"/> (every worker, to re-slot from when the table grows).</summary>
    public void Added(Worker worker, Dictionary<string, Worker> all)
    {
        if (++_count * 2 > _slots.Length)
        {
            _slots = new Worker?[SlotsFor(_count)];
            foreach (var known in all.Values)
            {
                Put(known);
            }

            return;
        }

        Put(worker);
    }

    private void Put(Worker worker) => _slots[HashOf(worker.Id.Key) & (_slots.Length - 1)] = worker;

    private static int SlotsFor(int workers) => (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, workers * 2)));
}
