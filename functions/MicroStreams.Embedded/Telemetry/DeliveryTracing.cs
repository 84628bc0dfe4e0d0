using System.Diagnostics;
using MicroStreams.Telemetry;
using MicroStreams.Effects;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>The <c>deliver</c> span of one attempt at an effect decided in a traced step, as that step's child.</summary>
internal static class DeliveryTracing
{
    public static Activity? Start(Effect effect)
    {
        if (effect.TraceParent is null || !MicroStreamsTelemetry.Source.HasListeners()
            || !ActivityContext.TryParse(effect.TraceParent, null, isRemote: true, out var step))
        {
            return null;
        }

        var deliver = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Deliver, ActivityKind.Producer, step);
        deliver?.SetTag(SpanTags.EffectId, effect.Id);
        deliver?.SetTag(SpanTags.EffectChannel, effect.Channel);
        return deliver;
    }
}
