namespace MicroStreams.Testing;

/// <summary>How a <see cref="ProcessorTestDriver"/> is set up: where its clock starts, how many log partitions it routes
/// to, and how often a throwing handler is retried.</summary>
public sealed record ProcessorTestOptions
{
    /// <summary>Where the driver's clock starts: 2025-01-01T00:00:00Z unless given.</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Log partitions events are routed to by their routing key, as the hosts do; 1 puts every event in partition 0.</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Attempts a handler gets before its worker is quarantined (the hosts' default is 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Whether each worker's state is written to JSON and read back after every step, as a host persisting it does: a
    /// state the processor cannot round-trip then fails the test that produced it instead of a host's restart.
    /// </summary>
    public bool RoundTripState { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Partitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAttempts);
    }
}
