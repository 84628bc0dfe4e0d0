namespace MicroStreams.Events;

/// <summary>Size limits applied to every event, at the API and again when a record is read from the log.</summary>
public sealed record EventLimits
{
    public static EventLimits Default { get; } = new();

    /// <summary>The largest serialized event accepted (Event Hubs Standard allows 1 MB per publication; we keep events small).</summary>
    public int MaxEventBytes { get; init; } = 256 * 1024;
}
