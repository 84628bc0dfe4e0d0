namespace MicroStreams.Examples.Push;

/// <summary>One webhook a tenant forwards events to, with its own batching and give-up age.</summary>
public sealed record Destination(string Name, string Url, IReadOnlyList<string> EventTypes)
{
    /// <summary>Flush as soon as this many events are pending.</summary>
    public int MaxBatchSize { get; init; } = 100;

    /// <summary>Flush pending events at least this often.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A batch still undelivered after this long goes to the dead-letter store.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(6);
}
