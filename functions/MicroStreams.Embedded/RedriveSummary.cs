namespace MicroStreams.Embedded;

/// <summary>The outcome of redriving a filtered set: how many workers were released and letters re-applied, and letters no worker can take.</summary>
public sealed record RedriveSummary(int Workers, int Redriven, int Skipped);
