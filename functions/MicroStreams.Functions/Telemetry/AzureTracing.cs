using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Routing;
using MicroStreams.Telemetry;

namespace MicroStreams.Functions.Telemetry;

/// <summary>
/// The MicroStreams spans on Azure, named as on the embedded host (<see cref="SpanNames"/>): a <c>route</c> span in the
/// Route function per event that carries a producer's <c>traceparent</c> (its child, linked to the function invocation),
/// whose own <c>traceparent</c> travels with the event to the worker entity; a <c>step</c> there per traced event; a
/// <c>deliver</c> span in the SendEffect activity, the child of the step that decided the effect, whose
/// <c>traceparent</c> the webhook request carries. As on the embedded host, untraced events make no span, and nothing
/// is made while nobody listens (no exporter is configured).
/// </summary>
internal static class AzureTracing
{
    private static ActivitySource Source => MicroStreamsActivity.Source;

    /// <summary>
    /// Starts a <c>route</c> span (into <paramref name="started"/>) per traced event of a planned batch and returns the
    /// batch's keys with each traced event carrying its route span's <c>traceparent</c>; the keys as they are otherwise.
    /// </summary>
    public static IReadOnlyList<KeyBatch> StartRoutes(IReadOnlyList<KeyBatch> keys, int partition, List<Activity> started)
    {
        if (!Source.HasListeners())
        {
            return keys;
        }

        var invocation = Activity.Current;
        Dictionary<long, string>? routes = null;
        foreach (var @event in keys.SelectMany(k => k.Events))
        {
            if (routes?.ContainsKey(@event.Sequence) != true && Producer(@event.Body) is { } producer)
            {
                var route = Source.StartActivity(SpanNames.Route, ActivityKind.Consumer, producer, links: invocation is null ? null : [new ActivityLink(invocation.Context)]);
                if (route is not null)
                {
                    route.SetTag(SpanTags.Partition, partition);
                    route.SetTag(SpanTags.Sequence, @event.Sequence);
                    route.SetTag(SpanTags.EventType, TypeOf(@event.Body));
                    started.Add(route);
                    (routes ??= [])[@event.Sequence] = route.Id!;
                }
            }
        }

        // Each span started became the ambient one: the orchestration calls that follow belong to the invocation.
        Activity.Current = invocation;
        return routes is null ? keys : [.. keys.Select(k => k with { Events = [.. k.Events.Select(e => routes.TryGetValue(e.Sequence, out var route) ? e with { TraceParent = route } : e)] })];
    }

    /// <summary>The entity's <c>step</c> span of one event: the child of its <c>route</c> span, else of its producer's span.</summary>
    public static Activity? StartStep(LogEvent @event, string processor, string key)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent;
        if (@event.TraceParent is { } route)
        {
            if (!ActivityContext.TryParse(route, null, isRemote: true, out parent))
            {
                return null;
            }
        }
        else if (Producer(@event.Body) is { } producer)
        {
            parent = producer;
        }
        else
        {
            return null;
        }

        var step = Source.StartActivity(SpanNames.Step, ActivityKind.Internal, parent);
        step?.SetTag(SpanTags.Processor, processor);
        step?.SetTag(SpanTags.WorkerKey, key);
        return step;
    }

    /// <summary>The <c>deliver</c> span of one attempt at an effect decided in a traced step, linked to the activity's invocation.</summary>
    public static Activity? StartDeliver(EffectMessage effect)
    {
        if (effect.TraceParent is null || !Source.HasListeners() || !ActivityContext.TryParse(effect.TraceParent, null, isRemote: true, out var step))
        {
            return null;
        }

        var invocation = Activity.Current;
        var deliver = Source.StartActivity(SpanNames.Deliver, ActivityKind.Producer, step, links: invocation is null ? null : [new ActivityLink(invocation.Context)]);
        deliver?.SetTag(SpanTags.EffectId, effect.Id);
        deliver?.SetTag(SpanTags.EffectChannel, effect.Channel);
        return deliver;
    }

    /// <summary>Ends the spans (the batch is applied, or failed with <paramref name="error"/>).</summary>
    public static void End(List<Activity> spans, Exception? error)
    {
        foreach (var span in spans)
        {
            if (error is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, error.Message);
            }

            span.Dispose();
        }
    }

    public static void SetOutcome(Activity? deliver, EffectDeliveryResult result) =>
        deliver?.SetStatus(result.Status == EffectDeliveryStatus.Delivered ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.Error);

    private static ActivityContext? Producer(string body)
    {
        if (!body.Contains("\"traceparent\"", StringComparison.Ordinal))
        {
            return null;
        }

        return TraceParentReader.TryRead(Encoding.UTF8.GetBytes(body), out var parent, out var state) && ActivityContext.TryParse(parent, state, isRemote: true, out var context)
            ? context
            : null;
    }

    private static string? TypeOf(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
    }
}
