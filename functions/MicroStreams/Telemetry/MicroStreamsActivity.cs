using System.Diagnostics;

namespace MicroStreams.Telemetry;

/// <summary>
/// The one <see cref="ActivitySource"/> every host's MicroStreams spans come from (<c>AddSource("MicroStreams")</c> in
/// OpenTelemetry), so that the embedded host and the Azure Functions worker report the same spans under the same names
/// (<see cref="SpanNames"/>, <see cref="SpanTags"/>).
/// </summary>
public static class MicroStreamsActivity
{
    /// <summary>The name of the activity source and of the meters.</summary>
    public const string SourceName = "MicroStreams";

    public static readonly ActivitySource Source = new(SourceName, typeof(MicroStreamsActivity).Assembly.GetName().Version?.ToString(3));

    /// <summary>
    /// The recorded ambient span to parent a span on, else none: a request's unrecorded span (ASP.NET Core makes one per
    /// request for its logs even when nobody exports spans) is cleared so that the new span starts its own trace rather
    /// than hang below a parent no one sees. Call it from an async method, whose caller keeps its own ambient span.
    /// </summary>
    public static ActivityContext RecordedAmbient()
    {
        if (Activity.Current is { Recorded: true } ambient)
        {
            return ambient.Context;
        }

        Activity.Current = null;
        return default;
    }
}
