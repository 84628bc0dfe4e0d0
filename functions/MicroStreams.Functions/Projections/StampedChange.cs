using MicroStreams.Projections;

namespace MicroStreams.Functions.Projections;

/// <summary>
/// A projection change as the Azure host carries it from a worker to Table storage: the row and the stamp of the worker
/// step that decided it, so a late or retried write can never replace a newer row with an older one.
/// </summary>
/// <param name="Generation">The worker's replay generation: a rebuilt generation's rows beat every row of the one it replaced.</param>
/// <param name="Sequence">The worker's handler runs so far (events applied plus timers fired), which only grows within a generation.</param>
public sealed record StampedChange(string Projection, string Key, string? Document, long Generation, long Sequence)
{
    public ProjectionChange Change => new(Projection, Key, Document);

    /// <summary>Whether this change was decided after <paramref name="generation"/>/<paramref name="sequence"/> (a stored row's stamp).</summary>
    public bool IsNewerThan(long generation, long sequence) => Generation != generation ? Generation > generation : Sequence > sequence;

    /// <summary>The last change of each row in <paramref name="changes"/>, stamped with the step that made them.</summary>
    public static IReadOnlyList<StampedChange> Of(IReadOnlyList<ProjectionChange> changes, long generation, long sequence)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count == 0
            ? []
            : [.. ProjectionChanges.Coalesce(changes).Select(c => new StampedChange(c.Projection, c.Key, c.Document, generation, sequence))];
    }
}
