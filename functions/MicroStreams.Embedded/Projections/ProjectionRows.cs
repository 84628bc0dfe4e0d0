namespace MicroStreams.Embedded.Projections;

/// <summary>
/// Projection rows a rebuild wrote, the last write per (projection, key), a null document for a removed row. Kept per
/// projection, so the write of each event hashes its key only (a processor writes one or two projections).
/// </summary>
internal sealed class ProjectionRows(int capacity)
{
    private readonly Dictionary<string, Dictionary<string, string?>> _byProjection = new(StringComparer.Ordinal);
    private string? _lastName;
    private Dictionary<string, string?>? _last;

    public int Count => _byProjection.Values.Sum(rows => rows.Count);

    public void Set(string projection, string key, string? document)
    {
        // A handler passes the same name instance every time: compare references before hashing it.
        if (!ReferenceEquals(projection, _lastName))
        {
            if (!_byProjection.TryGetValue(projection, out _last))
            {
                _last = new Dictionary<string, string?>(capacity, StringComparer.Ordinal);
                _byProjection[projection] = _last;
            }

            _lastName = projection;
        }

        _last![key] = document;
    }

    /// <summary>Removes and returns the rows of <paramref name="projection"/> (null when there are none).</summary>
    public Dictionary<string, string?>? Take(string projection)
    {
        if (!_byProjection.Remove(projection, out var rows))
        {
            return null;
        }

        _lastName = null;
        _last = null;
        return rows;
    }

    /// <summary>Every row, projection by projection.</summary>
    public IEnumerable<(string Projection, string Key, string? Document)> All() =>
        _byProjection.SelectMany(p => p.Value.Select(row => (p.Key, row.Key, row.Value)));
}
