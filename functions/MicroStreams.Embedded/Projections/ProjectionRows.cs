using MicroStreams.Projections;

namespace MicroStreams.Embedded.Projections;

/// <summary>
/// Projection rows a rebuild wrote, the last write per (projection, key), a null document for a removed row. Kept per
/// projection, so the write of each event hashes its key only (a processor writes one or two projections). Changes are
/// kept as published and serialized when taken, so a row rewritten by every event is serialized once per rebuild.
/// </summary>
internal sealed class ProjectionRows(int capacity)
{
    private readonly Dictionary<string, Dictionary<string, ProjectionChange>> _byProjection = new(StringComparer.Ordinal);
    private string? _lastName;
    private Dictionary<string, ProjectionChange>? _last;

    public int Count => _byProjection.Values.Sum(rows => rows.Count);

    public void Set(ProjectionChange change)
    {
        // A handler passes the same name instance every time: compare references before hashing it.
        if (!ReferenceEquals(change.Projection, _lastName))
        {
            if (!_byProjection.TryGetValue(change.Projection, out _last))
            {
                _last = new Dictionary<string, ProjectionChange>(capacity, StringComparer.Ordinal);
                _byProjection[change.Projection] = _last;
            }

            _lastName = change.Projection;
        }

        _last![change.Key] = change;
    }

    /// <summary>Removes and returns the rows of <paramref name="projection"/> as (key, document) (null when there are none).</summary>
    public IEnumerable<KeyValuePair<string, string?>>? Take(string projection)
    {
        if (!_byProjection.Remove(projection, out var rows))
        {
            return null;
        }

        _lastName = null;
        _last = null;
        return rows.Select(row => KeyValuePair.Create(row.Key, row.Value.Document));
    }

    /// <summary>Every row, projection by projection.</summary>
    public IEnumerable<(string Projection, string Key, string? Document)> All() =>
        _byProjection.SelectMany(p => p.Value.Select(row => (p.Key, row.Key, row.Value.Document)));
}
