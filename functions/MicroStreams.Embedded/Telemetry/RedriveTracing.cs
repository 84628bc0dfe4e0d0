using System.Diagnostics;
using MicroStreams.Telemetry;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The spans of an admin redrive: a <c>redrive</c> span per worker redriven (a child of the admin request's span when it
/// is recorded), and under it a <c>step</c> per dead letter re-applied, linked to the producer's trace when the event
/// carries a <c>traceparent</c>. The effects those steps decide keep the step's <c>traceparent</c>, so their
/// <c>deliver</c> spans join the redrive's trace. Nothing is made while nobody listens.
/// </summary>
internal static class RedriveTracing
{
    /// <summary>The span of one worker's redrive, or null when nobody listens. Call it from an async method (see <see cref="MicroStreamsActivity.RecordedAmbient"/>).</summary>
    public static Activity? Start(WorkerId worker, int letters)
    {
        if (!MicroStreamsTelemetry.Source.HasListeners())
        {
            return null;
        }

        var redrive = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Redrive, ActivityKind.Internal, MicroStreamsActivity.RecordedAmbient());
        redrive?.SetTag(SpanTags.Processor, worker.Processor);
        redrive?.SetTag(SpanTags.WorkerKey, worker.Key);
        redrive?.SetTag(SpanTags.DeadLetters, letters);
        return redrive;
    }

    /// <summary>The <c>step</c> span of re-applying one dead-lettered event, when its redrive is traced.</summary>
    public static Activity? StartStep(ActivityContext redrive, WorkerId worker, ReadOnlySpan<byte> raw)
    {
        if (redrive == default)
        {
            return null;
        }

        ActivityLink[]? producer = TraceContext.TryRead(raw, out var context) ? [new ActivityLink(context)] : null;
        var step = MicroStreamsTelemetry.Source.StartActivity(SpanNames.Step, ActivityKind.Internal, redrive, links: producer);
        step?.SetTag(SpanTags.Processor, worker.Processor);
        step?.SetTag(SpanTags.WorkerKey, worker.Key);
        return step;
    }
}
