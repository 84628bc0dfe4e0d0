namespace MicroStreams.Functions.Tests.Fakes;

/// <summary>A clock the test sets (the core's ManualTimeProvider never goes back; these tests only need a fixed now).</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
