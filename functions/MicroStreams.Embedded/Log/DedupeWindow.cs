namespace MicroStreams.Embedded.Log;

/// <summary>The most recent event fingerprints (source and id), so that a producer's retry of an acknowledged append is dropped.</summary>
internal sealed class DedupeWindow(int capacity)
{
    private readonly HashSet<DedupeKey> _keys = [];
    private readonly Queue<DedupeKey> _order = new();

    /// <summary>Adds the key; false when it is already in the window (a duplicate).</summary>
    public bool TryAdd(DedupeKey key)
    {
        if (capacity == 0)
        {
            return true;
        }

        if (!_keys.Add(key))
        {
            return false;
        }

        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _keys.Remove(_order.Dequeue());
        }

        return true;
    }

    /// <summary>Takes back keys of a group whose commit failed, so a retry of those events is not mistaken for a duplicate.
    /// Their places in the eviction order stay; the worst effect is that such a key leaves the window early.</summary>
    public void Forget(IEnumerable<DedupeKey> keys)
    {
        foreach (var key in keys)
        {
            _keys.Remove(key);
        }
    }
}
