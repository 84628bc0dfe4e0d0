using System.Diagnostics;
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

        var deliver = MicroStreamsTelemetry.Source.StartActivity("deliver", ActivityKind.Producer, step);
        deliver?.SetTag("microstreams.effect.id", effect.Id);
        deliver?.SetTag("microstreams.effect.channel", effect.Channel);
        return deliver;
    }
}
