using MicroStreams.Embedded.Projections;
using MicroStreams.Embedded.State;
using MicroStreams.Projections;

namespace MicroStreams.Embedded;

/// <summary>Projections: the read models processors publish with <c>ctx.Project</c>, committed with their workers' state.</summary>
public sealed partial class EmbeddedRuntime
{
    private SqliteProjectionStore? _projectionStore;

    private SqliteProjectionStore ProjectionStore => LazyInitializer.EnsureInitialized(ref _projectionStore, () => new SqliteProjectionStore(_store));

    /// <summary>The state store, for rebuilds (replay) and tests that drive projection versions directly.</summary>
    internal ProjectionRowStore ProjectionState => _store.Projections;

    /// <summary>Reads the current version of every projection; a version being rebuilt is never visible here.</summary>
    public IProjectionReader Projections => ProjectionStore;

    /// <summary>Every projection written so far: name, current version and its row count.</summary>
    public Task<IReadOnlyList<ProjectionInfo>> ListProjectionsAsync(CancellationToken cancellationToken = default) =>
        ProjectionStore.ListAsync(cancellationToken);

    /// <summary>One row of a projection's current version, or null.</summary>
    public Task<ProjectionRow?> GetProjectionRowAsync(string projection, string key, CancellationToken cancellationToken = default) =>
        ProjectionStore.GetAsync(projection, key, cancellationToken);

    /// <summary>A page of rows whose key starts with <paramref name="prefix"/>, after <paramref name="after"/>, in key order.</summary>
    public Task<ProjectionPage> ScanProjectionAsync(string projection, string prefix, string? after, int limit, CancellationToken cancellationToken = default) =>
        ProjectionStore.ScanAsync(projection, prefix, after, Math.Clamp(limit, 1, 1000), cancellationToken);
}
