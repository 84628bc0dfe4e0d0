using System.Globalization;

namespace MicroStreams.Functions.Orchestration;

/// <summary>
/// Deterministic orchestration instance ids. The same trigger batch always maps to the same ApplyBatch instance, so a
/// redelivered batch finds the instance that already ran (or is running) instead of starting a second one.
/// </summary>
public static class InstanceIds
{
    /// <summary>Durable backends accept ids of at least this length everywhere; longer ids are shortened with a digest.</summary>
    public const int MaxLength = 100;

    private const string RebuildPrefix = "replay!";
    private const string ShadowPrefix = "shadow!";

    public static string ApplyBatch(string eventHub, string consumerGroup, int partition, long firstSequence, long lastSequence) =>
        Bound(string.Create(CultureInfo.InvariantCulture,
            $"batch!{SafeId.Escape(eventHub)}!{SafeId.Escape(consumerGroup)}!{partition}!{firstSequence}-{lastSequence}"));

    /// <summary>DeliverEffect runs once per effect: its instance id is the effect id.</summary>
    public static string DeliverEffect(string effectId) => Bound(effectId);

    public static string RecordDeadLetter(string deadLetterId) => Bound("deadletter!" + deadLetterId);

    /// <summary>The write of the rows one worker step decided (a timer tick): a re-run step starts the same instance.</summary>
    public static string WriteProjections(string processor, string key, long generation, long sequence) =>
        Bound(string.Create(CultureInfo.InvariantCulture, $"rows!{SafeId.Escape(processor)}!{SafeId.Digest(key)}!{generation}!{sequence}"));

    /// <summary>One redrive of a worker's dead letters, requested at <paramref name="requestedAt"/>.</summary>
    public static string Redrive(string processor, string key, DateTimeOffset requestedAt) =>
        Bound(string.Create(CultureInfo.InvariantCulture, $"redrive!{SafeId.Escape(processor)}!{SafeId.Digest(key)}!{requestedAt.UtcTicks}"));

    /// <summary>A replay requested at <paramref name="requestedAt"/>: <c>replay!</c> for rebuilds, <c>shadow!</c> for shadows, so a prefix finds either kind.</summary>
    public static string Replay(string processor, DateTimeOffset requestedAt, bool shadow = false) =>
        ReplayPrefix(processor, shadow) + requestedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>The prefix of every replay instance id of one kind, for one processor or (null) all of them.</summary>
    public static string ReplayPrefix(string? processor, bool shadow) =>
        (shadow ? ShadowPrefix : RebuildPrefix) + (processor is null ? string.Empty : SafeId.Escape(processor) + "!");

    public static bool IsReplay(string instanceId) =>
        instanceId.StartsWith(RebuildPrefix, StringComparison.Ordinal) || instanceId.StartsWith(ShadowPrefix, StringComparison.Ordinal);

    private static string Bound(string id) => id.Length <= MaxLength ? id : $"{id[..(MaxLength - 18)]}!{SafeId.Digest(id)}";
}
