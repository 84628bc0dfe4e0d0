using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Examples.Push;

/// <summary>
/// A Centrifuge-style push queue: a tenant's events are forwarded to each of its destinations, batched per
/// destination and flushed on an interval or when a batch is full. Each batch is an effect on the destination's
/// own virtual queue in the delivery engine, which retries it with exponential backoff and dead-letters it past
/// its maximum age, so one failing destination never delays another. Workers are keyed by (tenant, partition),
/// as Centrifuge does, so a busy tenant spreads over the partitions.
/// </summary>
public sealed class PushDelivery(ITenantDirectory tenants) : Processor<PushState>
{
    public const string Name = "push_delivery";
    public const string FlushTimer = "flush";

    public override ProcessorSpec Spec { get; } = new(Name)
    {
        Subscribes = [.. tenants.ForwardedEventTypes],
        KeyBy = e => e.GetString("tenant"),
    };

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<PushState> StateTypeInfo => ExampleStateJson.Default.PushState;

    protected override PushState Start(StreamEvent activatingEvent) => new(new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal), 0, 0);

    protected override PushState Handle(ProcessorContext context, PushState state, StreamEvent @event)
    {
        var tenant = TenantOf(context.Key);
        var pending = state.Pending;
        var forwarded = state.Forwarded;
        var batches = state.Batches;
        foreach (var destination in tenants.DestinationsOf(tenant))
        {
            if (!destination.EventTypes.Contains(@event.Type))
            {
                continue;
            }

            var queue = Queue(ref pending, destination.Name);
            queue.Add(JsonDocument.Parse(@event.Raw).RootElement.Clone());
            forwarded++;
            if (queue.Count >= destination.MaxBatchSize)
            {
                Flush(context, tenant, destination, queue);
                pending = WithoutQueue(pending, destination.Name);
                batches++;
            }
            else if (context.TimerDue(FlushTimer) is not { } due || due > context.Now + destination.FlushInterval)
            {
                context.SetTimer(FlushTimer, destination.FlushInterval);
            }
        }

        return state with { Pending = pending, Forwarded = forwarded, Batches = batches };
    }

    protected override PushState OnTimer(ProcessorContext context, PushState state, TimerFired timer)
    {
        var tenant = TenantOf(context.Key);
        var batches = state.Batches;
        foreach (var destination in tenants.DestinationsOf(tenant))
        {
            if (state.Pending.TryGetValue(destination.Name, out var queue) && queue.Count > 0)
            {
                Flush(context, tenant, destination, queue);
                batches++;
            }
        }

        return state with { Pending = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal), Batches = batches };
    }

    private static void Flush(ProcessorContext context, string tenant, Destination destination, List<JsonElement> events) =>
        context.Send("webhook", destination.Url, new { tenant, destination = destination.Name, events }, destination.MaxAge);

    /// <summary>Worker keys are "tenant#partition"; the destination map is per tenant.</summary>
    private static string TenantOf(string key) => key[..key.LastIndexOf('#')];

    // State is treated as immutable: copy the map before changing it, so a throwing handler leaves the old state intact.
    private static List<JsonElement> Queue(ref Dictionary<string, List<JsonElement>> pending, string name)
    {
        pending = new Dictionary<string, List<JsonElement>>(pending, StringComparer.Ordinal);
        var queue = pending.TryGetValue(name, out var existing) ? new List<JsonElement>(existing) : [];
        pending[name] = queue;
        return queue;
    }

    private static Dictionary<string, List<JsonElement>> WithoutQueue(Dictionary<string, List<JsonElement>> pending, string name)
    {
        var copy = new Dictionary<string, List<JsonElement>>(pending, StringComparer.Ordinal);
        copy.Remove(name);
        return copy;
    }
}
