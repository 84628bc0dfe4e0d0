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

    public static string Replay(string processor, DateTimeOffset requestedAt) =>
        Bound(string.Create(CultureInfo.InvariantCulture, $"replay!{SafeId.Escape(processor)}!{requestedAt.UtcTicks}"));

    private static string Bound(string id) => id.Length <= MaxLength ? id : $"{id[..(MaxLength - 18)]}!{SafeId.Digest(id)}";
}
