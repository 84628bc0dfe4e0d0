namespace MicroStreams.Projections;

/// <summary>
/// Writes projections. Live processing writes into the current version; a rebuild (replay) writes into a new version
/// that no reader sees, then makes it current in one step, after which the old version is dropped.
/// </summary>
public interface IProjectionWriter
{
    /// <summary>The version readers see (1 for a projection never written).</summary>
    Task<long> CurrentVersionAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="changes"/> (in order; a later change to the same key wins) to <paramref name="version"/> of
    /// each change's projection, or to its current version when <paramref name="version"/> is null.
    /// </summary>
    Task WriteAsync(IReadOnlyList<ProjectionChange> changes, long? version, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="version"/> the current version of <paramref name="projection"/> atomically, then drops every other version's rows.</summary>
    Task SwitchVersionAsync(string projection, long version, DateTimeOffset now, CancellationToken cancellationToken = default);
}
