using System.Diagnostics;
using MicroStreams.Telemetry;
using MicroStreams.Effects;
using MicroStreams.Embedded.Log;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The consumer's spans. One <c>consume</c> span per batch; per-event spans (<c>route</c>, and a <c>step</c> per worker
/// the event reaches) only for events that carry a producer's <c>traceparent</c>, as children of it: an untraced event
/// costs one branch, and a batch of 64k events does not become 64k spans nobody asked for.
/// </summary>
internal static class ConsumerTracing
{
    /// <summary>The batch span, or null when nobody listens.</summary>
    public static Activity? StartBatch(int partition)
    {
        if (!MicroStreamsTelemetry.Source.HasListeners())
        {
            return null;
        }

        // A batch serves many producers: it starts its own trace rather than joining whatever is ambient.
        var batch = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Consume, ActivityKind.Consumer, parentContext: default);
        batch?.SetTag(SpanTags.Partition, partition);
        return batch;
    }

    /// <summary>The <c>route</c> span of one event inside a traced batch, when the event joins a producer's trace.</summary>
    public static Activity? StartRoute(Activity? batch, in LogRecord record, string type)
    {
        if (batch is null || !TraceContext.TryRead(record.Bytes.Span, out var producer))
        {
            return null;
        }

        var route = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Route, ActivityKind.Consumer, producer, links: [new ActivityLink(batch.Context)]);
        route?.SetTag(SpanTags.Partition, record.Partition);
        route?.SetTag(SpanTags.Sequence, record.Sequence);
        route?.SetTag(SpanTags.EventType, type);
        return route;
    }

    /// <summary>The <c>step</c> span of one worker applying a traced event.</summary>
    public static Activity? StartStep(Activity? route, WorkerId worker)
    {
        if (route is null)
        {
            return null;
        }

        var step = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Step, ActivityKind.Internal, route.Context);
        step?.SetTag(SpanTags.Processor, worker.Processor);
        step?.SetTag(SpanTags.WorkerKey, worker.Key);
        return step;
    }

    /// <summary>
    /// Moves a step's effects into the commit, stamped with when the log accepted the event (for the ingest-to-effect
    /// latency) and, when traced (an event's, a redriven letter's or a timer's step), the step's <c>traceparent</c> so
    /// that their delivery continues the trace.
    /// </summary>
    public static void AddEffects(List<Effect> commit, List<Effect> decided, DateTimeOffset? ingestedAt, Activity? step)
    {
        if (ingestedAt is null && step is null)
        {
            commit.AddRange(decided);
            return;
        }

        var trace = step?.Id;
        foreach (var effect in decided)
        {
            commit.Add(effect with { IngestedAt = ingestedAt, TraceParent = trace });
        }
    }
}
