using Microsoft.DurableTask;

namespace MicroStreams.Functions.DeadLetters;

/// <summary>Retries for dead-letter writes: storage outages should delay a batch, not fail it.</summary>
public static class DeadLetterRetry
{
    public static RetryPolicy Policy { get; } = new(10, TimeSpan.FromSeconds(2), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(5));
}
