namespace MicroStreams.Timers;

/// <summary>A named durable timer of one worker. The token changes on every set, so a stale firing is recognisable.</summary>
public readonly record struct ScheduledTimer(string Name, DateTimeOffset Due, long Token);
