namespace MicroStreams.Embedded;

/// <summary>How the embedded runtime stores and processes the log. Bound from the <c>MicroStreams</c> section.</summary>
public sealed class EmbeddedOptions
{
    public const string SectionName = "MicroStreams";

    /// <summary>Folder that holds <c>log.db</c> and <c>state.db</c>.</summary>
    public string DataPath { get; set; } = ".microstreams";

    /// <summary>Number of log partitions; a routing key always maps to the same one. Fixed once data exists.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>The log's durability, and so the acknowledgement's: Full syncs every commit to disk (survives power loss);
    /// Normal survives a killed process only.</summary>
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>
    /// state.db's durability. Normal by default: worker state, checkpoints, outbox and dead letters commit together and
    /// are derived from the log, so a power loss can only roll them back to an earlier consistent checkpoint, from
    /// which the consumers re-apply the log; effects decided again carry the same ids and are deduplicated by their
    /// receivers. (Kafka Streams does the same: its state stores are not synced, its input log is.) A killed process
    /// loses nothing either way. Full adds an fsync to every consumer commit.
    /// </summary>
    public Durability StateDurability { get; set; } = Durability.Normal;

    /// <summary>Most events a consumer applies in one transaction.</summary>
    public int MaxBatchEvents { get; set; } = 65_536;

    /// <summary>
    /// Events a consumer reads (and holds the log segments of) at a time within one batch: a batch still commits as
    /// one transaction, but only a slice of its records is in memory.
    /// </summary>
    public int ReadSliceEvents { get; set; } = 8_192;

    /// <summary>How many times a throwing handler is tried before the event is dead-lettered and its key quarantined.</summary>
    public int HandlerAttempts { get; set; } = 3;

    /// <summary>How many recent event ids (per source) are remembered to drop a retried append.</summary>
    public int DedupeWindow { get; set; } = 100_000;

    /// <summary>Log segments older than this and already consumed are deleted; null keeps the log forever (replay needs history).</summary>
    public TimeSpan? LogRetention { get; set; }

    /// <summary>Worker changes accumulated in the changelog before they are folded into snapshots.</summary>
    public int CompactAfterChanges { get; set; } = 200_000;

    /// <summary>Effects delivered concurrently (to different destinations; one destination is delivered in order).</summary>
    public int DeliveryConcurrency { get; set; } = 16;

    public TimeSpan DeliveryBackoffBase { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan DeliveryBackoffMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Effects that declare no maximum age are dead-lettered after this long undelivered.</summary>
    public TimeSpan EffectMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Whether consumers and delivery run on their own in the background; tests and the demo drive them with <c>DrainAsync</c>.</summary>
    public bool RunBackground { get; set; } = true;

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter.Scope"/> of the runtime's meter, so that a host's metrics pipeline can pick out its own runtime.</summary>
    public object? MeterScope { get; set; }

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Partitions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Partitions, 1024);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchEvents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReadSliceEvents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HandlerAttempts);
        ArgumentOutOfRangeException.ThrowIfNegative(DedupeWindow);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CompactAfterChanges);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DeliveryConcurrency);
    }
}
