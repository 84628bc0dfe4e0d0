using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>
/// Which workers have their latest record only in the changelog: the next snapshot must include them. Kept as a flag on
/// each worker (<see cref="Worker.HostFlag"/>) plus a count, not as a set of ids (~40 bytes per worker at 200k workers).
/// </summary>
internal sealed partial class PartitionConsumer
{
    private void MarkUnsnapshotted(Worker worker)
    {
        if (!worker.HostFlag)
        {
            worker.HostFlag = true;
            _unsnapshotted++;
        }
    }

    private bool UnmarkUnsnapshotted(Worker worker)
    {
        if (!worker.HostFlag)
        {
            return false;
        }

        worker.HostFlag = false;
        _unsnapshotted--;
        return true;
    }

    private IEnumerable<Worker> Unsnapshotted() => _workers.Values.Where(w => w.HostFlag);

    /// <summary>After a snapshot of every flagged worker has committed.</summary>
    private void ClearUnsnapshotted()
    {
        foreach (var worker in _workers.Values)
        {
            worker.HostFlag = false;
        }

        _unsnapshotted = 0;
    }
}
