namespace MicroStreams.Functions.Projections;

/// <summary>Input of the projection-write activity: stamped rows, into <paramref name="Version"/> of their projections or the current one when null.</summary>
public sealed record ProjectionWriteRequest(IReadOnlyList<StampedChange> Rows, long? Version = null);
