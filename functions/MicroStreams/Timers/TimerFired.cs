namespace MicroStreams.Timers;

/// <summary>What a processor is told when one of its timers fires.</summary>
public readonly record struct TimerFired(string Name, DateTimeOffset Due);
