using System.Diagnostics;
using MicroStreams.Telemetry;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The <c>ingest</c> span of one request: a child of the ambient span (the HTTP server's, when ASP.NET Core's spans are
/// recorded) or, without one, of the first event's <c>traceparent</c>; linked to every event's producer context.
/// </summary>
internal static class IngestTracing
{
    public static Activity? Start(IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        if (!MicroStreamsTelemetry.Source.HasListeners())
        {
            return null;
        }

        List<ActivityLink>? links = null;
        ActivityContext first = default;
        foreach (var @event in events)
        {
            if (TraceContext.TryRead(@event.Span, out var producer))
            {
                first = links is null ? producer : first;
                (links ??= []).Add(new ActivityLink(producer));
            }
        }

        // The HTTP server's span when it is recorded; an unrecorded one (ASP.NET Core makes one per request for its logs
        // even when nobody exports spans) would hide the producer's trace behind a span no one sees.
        var parent = Activity.Current is { Recorded: true } ambient ? ambient.Context : first;
        var ingest = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Ingest, ActivityKind.Producer, parent, links: links);
        ingest?.SetTag(SpanTags.BatchCount, events.Count);
        return ingest;
    }
}
