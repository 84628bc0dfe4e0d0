using System.Diagnostics;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The names under which MicroStreams reports traces and metrics (<c>AddSource</c>/<c>AddMeter</c> in OpenTelemetry).
/// Spans: <c>ingest</c> → <c>append</c> on the way in; <c>consume</c> per consumer batch; <c>route</c> and
/// <c>step</c> per event that carries a producer's <c>traceparent</c>; <c>deliver</c> per effect decided in a traced step;
/// <c>redrive</c>, <c>replay</c> and <c>timer</c> (see <see cref="MicroStreams.Telemetry.SpanNames"/>). The source is the core's, shared with the Azure host.
/// </summary>
public static class MicroStreamsTelemetry
{
    public const string Name = MicroStreams.Telemetry.MicroStreamsActivity.SourceName;

    public static readonly ActivitySource Source = MicroStreams.Telemetry.MicroStreamsActivity.Source;
}
