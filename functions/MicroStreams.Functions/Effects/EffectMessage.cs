using MicroStreams.Effects;

namespace MicroStreams.Functions.Effects;

/// <summary>An <see cref="Effect"/> as the DeliverEffect orchestration's input (a flat, serializer-friendly record).</summary>
public sealed record EffectMessage(
    string Id,
    string Processor,
    string Key,
    string Channel,
    string Target,
    string Payload,
    DateTimeOffset CreatedAt,
    TimeSpan? MaxAge)
{
    /// <summary>The W3C <c>traceparent</c> the delivery request carries (see <see cref="Effect.TraceParent"/>).</summary>
    public string? TraceParent { get; init; }

    /// <summary>When Event Hubs accepted the event the effect was decided on (see <see cref="Effect.IngestedAt"/>), for the ingest-to-effect latency.</summary>
    public DateTimeOffset? IngestedAt { get; init; }

    public static EffectMessage From(Effect effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new EffectMessage(effect.Id, effect.Worker.Processor, effect.Worker.Key, effect.Channel, effect.Target, effect.Payload, effect.CreatedAt, effect.MaxAge) { TraceParent = effect.TraceParent, IngestedAt = effect.IngestedAt };
    }
}
