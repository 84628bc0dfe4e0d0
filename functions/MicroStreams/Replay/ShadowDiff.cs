using System.Text.Json;

namespace MicroStreams.Replay;

/// <summary>
/// What a shadow found: workers whose state differs between the live generation and the shadow code, and effects
/// the shadow code would send that the live generation did not decide (and the reverse), matched by their stable ids
/// and contents.
/// Lists hold the first <see cref="ListLimit"/> of each; the counts are complete.
/// </summary>
public sealed record ShadowDiff
{
    public const int ListLimit = 100;

    public long WorkersCompared { get; init; }
    public long WorkersDiffering { get; init; }
    public IReadOnlyList<WorkerDifference> Workers { get; init; } = [];
    public long EffectsOnlyInShadow { get; init; }
    public IReadOnlyList<EffectDifference> OnlyInShadow { get; init; } = [];
    public long EffectsOnlyInLive { get; init; }
    public IReadOnlyList<EffectDifference> OnlyInLive { get; init; } = [];

    public bool IsEmpty => WorkersDiffering == 0 && EffectsOnlyInShadow == 0 && EffectsOnlyInLive == 0;
}

/// <summary>A worker that reads differently on the two sides (see <see cref="ReadableWorker"/>); a null side has no such worker.</summary>
public sealed record WorkerDifference(string Key, int Partition, JsonElement? Live, JsonElement? Shadow);

/// <summary>An effect one side decided and the other did not (same id, channel, target and payload count as the same),
/// with its payload as JSON and its creation time (the event's time, or the timer's due time).</summary>
public sealed record EffectDifference(string Id, string Key, string Channel, string Target, JsonElement Payload, DateTimeOffset CreatedAt);
