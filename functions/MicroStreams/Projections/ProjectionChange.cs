namespace MicroStreams.Projections;

/// <summary>
/// A row of a projection (a read model the processor publishes) set or removed by a handler. Rows are JSON documents
/// addressed by (projection, key); a null <see cref="Document"/> removes the row. Committed atomically with the
/// worker's state, so a projection never shows a state its worker did not reach.
/// </summary>
public readonly record struct ProjectionChange(string Projection, string Key, string? Document)
{
    public bool IsRemoval => Document is null;
}
