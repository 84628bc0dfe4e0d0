using System.Runtime.InteropServices;
using MicroStreams.Projections;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Projections;

/// <summary>
/// Projection rows a rebuild wrote, the last write per (projection, key), a null document for a removed row. Changes are
/// kept as published and serialized when taken, so a row rewritten by every event is serialized once per rebuild.
/// </summary>
/// <remarks>
/// Most handlers write the row of their own key, in one projection, on every event: that row is kept per writing worker
/// (an <see cref="OwnRow"/>, found by the worker object's identity, not by hashing the key string), and updated in place
/// on later writes. Every other write (another key's row, a second projection) goes to a map per projection. A row is in one place at a time: a write to the map
/// clears the owner's own row of that projection, and an own write removes the row from the map.
/// </remarks>
internal sealed class ProjectionRows(Dictionary<string, Worker> workers, int capacity)
{
    private readonly Dictionary<string, Dictionary<string, ProjectionChange>> _byProjection = new(StringComparer.Ordinal);
    private readonly Dictionary<Worker, OwnRow> _own = new(capacity, ReferenceEqualityComparer.Instance);
    private string? _lastName;
    private Dictionary<string, ProjectionChange>? _last;
    private bool _anyInMaps;

    /// <summary>Keeps <paramref name="change"/>, written by <paramref name="writer"/>, as the row's last write.</summary>
    public void Set(ProjectionChange change, Worker writer)
    {
        if (ReferenceEquals(change.Key, writer.Id.Key) || string.Equals(change.Key, writer.Id.Key, StringComparison.Ordinal))
        {
            ref var own = ref CollectionsMarshal.GetValueRefOrAddDefault(_own, writer, out _);
            own ??= new OwnRow(change.Projection);

            if (own.Owns(change.Projection))
            {
                own.Change = change;
                own.Written = true;
                if (_anyInMaps && _byProjection.TryGetValue(change.Projection, out var map))
                {
                    map.Remove(change.Key);
                }

                return;
            }
        }

        Map(change.Projection)[change.Key] = change;
        _anyInMaps = true;
        if (workers.TryGetValue(change.Key, out var owner) && _own.TryGetValue(owner, out var row) && row.Owns(change.Projection))
        {
            row.Forget();
        }
    }

    /// <summary>Removes and returns the rows of <paramref name="projection"/> as (key, document) (null when there are none).</summary>
    public List<KeyValuePair<string, string?>>? Take(string projection)
    {
        var rows = new List<KeyValuePair<string, string?>>();
        if (_byProjection.Remove(projection, out var inMap))
        {
            _lastName = null;
            _last = null;
            rows.AddRange(inMap.Select(row => KeyValuePair.Create(row.Key, row.Value.Document)));
        }

        foreach (var own in OwnRows(projection))
        {
            rows.Add(KeyValuePair.Create(own.Change.Key, own.Change.Document));
            own.Forget();
        }

        return rows.Count > 0 ? rows : null;
    }

    /// <summary>Every row, projection by projection.</summary>
    public IEnumerable<(string Projection, string Key, string? Document)> All() =>
        _byProjection.SelectMany(p => p.Value.Select(row => (p.Key, row.Key, row.Value.Document)))
            .Concat(OwnRows(null).Select(own => (own.Change.Projection, own.Change.Key, own.Change.Document)));

    private IEnumerable<OwnRow> OwnRows(string? projection) =>
        _own.Values.Where(own => own.Written && (projection is null || own.Owns(projection)));

    private Dictionary<string, ProjectionChange> Map(string projection)
    {
        // A handler passes the same name instance every time: compare references before hashing it.
        if (!ReferenceEquals(projection, _lastName))
        {
            if (!_byProjection.TryGetValue(projection, out _last))
            {
                _last = new Dictionary<string, ProjectionChange>(capacity, StringComparer.Ordinal);
                _byProjection[projection] = _last;
            }

            _lastName = projection;
        }

        return _last!;
    }

    /// <summary>The last write of a worker's own row in one projection (the first it wrote).</summary>
    private sealed class OwnRow(string projection)
    {
        public ProjectionChange Change;
        public bool Written;

        public bool Owns(string name) => ReferenceEquals(name, projection) || string.Equals(name, projection, StringComparison.Ordinal);

        public void Forget()
        {
            Change = default;
            Written = false;
        }
    }
}
