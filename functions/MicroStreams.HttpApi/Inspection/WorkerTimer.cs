namespace MicroStreams.Http.Inspection;

/// <summary>A worker's armed timer.</summary>
public sealed record WorkerTimer(string Name, DateTimeOffset Due);
