namespace MicroStreams.Projections;

/// <summary>
/// Reads projections: always the current version of each, so a reader never sees a version that is still being built.
/// </summary>
public interface IProjectionReader
{
    Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The row, or null when the projection or the row does not exist.</summary>
    Task<ProjectionRow?> GetAsync(string projection, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> rows whose key starts with <paramref name="prefix"/> and sorts after
    /// <paramref name="after"/> (keyset paging), in key order.
    /// </summary>
    Task<ProjectionPage> ScanAsync(string projection, string prefix, string? after, int limit, CancellationToken cancellationToken = default);
}
