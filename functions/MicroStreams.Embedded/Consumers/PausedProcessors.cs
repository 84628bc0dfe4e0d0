using MicroStreams.Workers;

namespace MicroStreams.Embedded.Consumers;

/// <summary>
/// The processors a consumer does not run until a replay rebuilds them, with the reason, and the records of their workers
/// that were only in the changelog when they paused: the next snapshot commit deletes the changelog, so those records are
/// written with it, and pausing a processor never loses its live state.
/// </summary>
internal sealed class PausedProcessors
{
    private readonly Dictionary<string, string> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkerId, byte[]> _records = [];
    private volatile bool _any;

    /// <summary>A copy, safe to read from any thread.</summary>
    public IReadOnlyDictionary<string, string> Reasons
    {
        get
        {
            lock (_reasons)
            {
                return new Dictionary<string, string>(_reasons, StringComparer.Ordinal);
            }
        }
    }

    public bool HasRecords => _records.Count > 0;

    public bool IsPaused(string processor)
    {
        if (!_any)
        {
            return false;
        }

        lock (_reasons)
        {
            return _reasons.ContainsKey(processor);
        }
    }

    public void Pause(string processor, string reason)
    {
        lock (_reasons)
        {
            _reasons[processor] = reason;
            _any = true;
        }
    }

    public void Lift(string processor)
    {
        lock (_reasons)
        {
            _reasons.Remove(processor);
            _any = _reasons.Count > 0;
        }
    }

    /// <summary>Keeps a paused worker's record to write with the next snapshot.</summary>
    public void KeepRecord(WorkerId id, byte[] body) => _records[id] = body;

    /// <summary>Records to write with the next snapshot, except those of <paramref name="except"/>.</summary>
    public IEnumerable<(string Processor, string Key, byte[] Body)> Records(string? except = null) =>
        _records.Where(r => r.Key.Processor != except).Select(r => (r.Key.Processor, r.Key.Key, r.Value));

    /// <summary>After a snapshot carrying them committed.</summary>
    public void RecordsWritten() => _records.Clear();

    public void ForgetRecordsOf(string processor)
    {
        foreach (var id in _records.Keys.Where(id => id.Processor == processor).ToList())
        {
            _records.Remove(id);
        }
    }

    /// <summary>Forgets the records (a reload reads them back from the store); the pauses stay.</summary>
    public void ClearRecords() => _records.Clear();
}
