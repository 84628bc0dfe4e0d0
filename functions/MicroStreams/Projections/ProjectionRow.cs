namespace MicroStreams.Projections;

/// <summary>One row of a projection as readers see it: its key, JSON document and when it was last written.</summary>
public sealed record ProjectionRow(string Projection, string Key, string Document, DateTimeOffset UpdatedAt);
