using MicroStreams.Events;

namespace MicroStreams.Http.Hosting;

/// <summary>Keys and limits of the HTTP API. Bound from the <c>MicroStreams:Http</c> section (<c>MicroStreams__Http__AdminKey</c> in app settings).</summary>
public sealed class HttpOptions
{
    public const string SectionName = "MicroStreams:Http";

    /// <summary>The key for ingest and inspection (<c>x-functions-key</c> or <c>?code=</c>); generated into keys.json when absent.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>The key for redrive, discard and the simulated clock; it also works wherever the function key does.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The largest request body accepted (413 beyond it).</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest single event accepted (413 beyond it). At most the engine's own limit, which the consumer re-checks.</summary>
    public int MaxEventBytes { get; set; } = EventLimits.Default.MaxEventBytes;

    /// <summary>Unprocessed events (summed over partitions) above which ingest answers 429 with Retry-After.</summary>
    public long BacklogLimit { get; set; } = 2_000_000;

    /// <summary>What a 429 tells the client to wait.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEventBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxEventBytes, EventLimits.Default.MaxEventBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(BacklogLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAfter, TimeSpan.FromSeconds(1));
        if (string.IsNullOrWhiteSpace(FunctionKey) || string.IsNullOrWhiteSpace(AdminKey))
        {
            throw new InvalidOperationException("both the function key and the admin key must be set (serve generates them when configuration has none)");
        }
    }
}
