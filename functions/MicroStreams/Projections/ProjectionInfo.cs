namespace MicroStreams.Projections;

/// <summary>A projection as listed to readers: its current version (the one reads see) and how many rows that version holds.</summary>
public sealed record ProjectionInfo(string Name, long Version, long Rows);
