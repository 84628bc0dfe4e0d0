using System.Diagnostics;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The names under which MicroStreams reports traces and metrics (<c>AddSource</c>/<c>AddMeter</c> in OpenTelemetry).
/// Spans: <c>ingest</c> → <c>append</c> on the way in; <c>consume</c> per consumer batch; <c>route</c> and
/// <c>step</c> per event that carries a producer's <c>traceparent</c>; <c>deliver</c> per effect decided in a traced step.
/// </summary>
public static class MicroStreamsTelemetry
{
    public const string Name = "MicroStreams";

    public static readonly ActivitySource Source = new(Name, typeof(MicroStreamsTelemetry).Assembly.GetName().Version?.ToString(3));
}
