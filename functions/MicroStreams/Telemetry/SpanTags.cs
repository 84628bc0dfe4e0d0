namespace MicroStreams.Telemetry;

/// <summary>The attribute names MicroStreams spans carry, the same on every host (OpenTelemetry messaging conventions where one fits).</summary>
public static class SpanTags
{
    public const string Partition = "messaging.destination.partition.id";
    public const string BatchCount = "messaging.batch.message_count";
    public const string Sequence = "microstreams.sequence";
    public const string EventType = "cloudevents.event_type";
    public const string Processor = "microstreams.processor";
    public const string WorkerKey = "microstreams.worker.key";
    public const string EffectId = "microstreams.effect.id";
    public const string EffectChannel = "microstreams.effect.channel";
    public const string TimerName = "microstreams.timer.name";
    public const string TimerDue = "microstreams.timer.due";
    public const string TimersFired = "microstreams.timers.fired";
    public const string DeadLetters = "microstreams.deadletters";
    public const string ReplayId = "microstreams.replay.id";
    public const string ReplayMode = "microstreams.replay.mode";
    public const string Generation = "microstreams.generation";
    public const string EventsRead = "microstreams.replay.events_read";
    public const string EventsApplied = "microstreams.replay.events_applied";
    public const string EffectsSuppressed = "microstreams.replay.effects_suppressed";
    public const string HandlerFailures = "microstreams.replay.handler_failures";
    public const string FirstSequence = "microstreams.sequence.first";
    public const string LastSequence = "microstreams.sequence.last";
}
