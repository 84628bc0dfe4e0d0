namespace MicroStreams.Functions.Projections;

/// <summary>
/// Writes projection rows that carry the stamp of the worker step that decided them, so writes that race (a batch and a
/// timer tick of the same worker) or repeat (a retried activity) can land in any order: a row is only ever replaced by a
/// newer stamp, and a removal leaves a stamped tombstone that readers do not see.
/// </summary>
public interface IStampedProjectionWriter
{
    /// <summary>Writes <paramref name="rows"/> into <paramref name="version"/> of their projections, or the current version when null.</summary>
    Task WriteStampedAsync(IReadOnlyList<StampedChange> rows, long? version, DateTimeOffset now, CancellationToken cancellationToken);
}
