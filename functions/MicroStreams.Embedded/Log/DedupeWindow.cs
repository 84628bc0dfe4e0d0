namespace MicroStreams.Embedded.Log;

/// <summary>The most recent event keys (source and id), so that a producer's retry of an acknowledged append is dropped.</summary>
internal sealed class DedupeWindow(int capacity)
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public static string KeyOf(string source, string id) => string.Concat(source, "\u001f", id);

    public bool Contains(string key) => _keys.Contains(key);

    public void Add(string key)
    {
        if (capacity == 0 || !_keys.Add(key))
        {
            return;
        }

        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _keys.Remove(_order.Dequeue());
        }
    }
}
