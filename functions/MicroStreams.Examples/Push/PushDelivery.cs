using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Examples.Push;

/// <summary>
/// A Centrifuge-style push queue: a tenant's events are forwarded to each of its destinations, batched per
/// destination and flushed on an interval or when a batch is full. Each batch is an effect on the destination's
/// own virtual queue in the delivery engine, which retries it with exponential backoff and dead-letters it past
/// its maximum age, so one failing destination never delays another. A batch lists its events in event-time order
/// whatever order they arrived in, and the flush timer is due one interval after the earliest pending event. Workers
/// are keyed by (tenant, partition), as Centrifuge does, so a busy tenant spreads over the partitions.
/// </summary>
/// <remarks>
/// The destinations come from outside the event stream (<see cref="ITenantDirectory"/>, refreshed from a table while
/// running), so push is the one example whose replay is not byte-deterministic: a replay forwards with the tenant
/// configuration of replay time, not the configuration the live run had. The subscriptions are computed once, here, from
/// <see cref="ITenantDirectory.ForwardedEventTypes"/>: the router's are fixed at start, so a destination's new event type
/// reaches push only after a restart (or when it was pre-subscribed), while tenants, URLs and batching apply live.
/// </remarks>
public sealed class PushDelivery(ITenantDirectory tenants) : Processor<PushState>
{
    public const string Name = "push_delivery";
    public const string FlushTimer = "flush";
    public const string TenantField = "tenant";

    /// <summary>The worker key (before the partition) of events whose <c>tenant</c> is not a string: no tenant can have it ('!' is not allowed), so
    /// the worker there refuses them, and they are dead-lettered naming the field instead of being skipped as if they had no tenant.</summary>
    public const string BadTenantKey = "!bad-tenant";

    /// <summary>The projection of what each worker forwarded per destination, keyed <c>tenant#destination#partition</c>.</summary>
    public const string DeliveryStatusProjection = "delivery_status";

    public override ProcessorSpec Spec { get; } = new(Name)
    {
        Subscribes = [.. tenants.ForwardedEventTypes],
        KeyBy = TenantKeyOf,
        Projections = [DeliveryStatusProjection],
    };

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<PushState> StateTypeInfo => ExampleStateJson.Default.PushState;

    protected override PushState Start(StreamEvent activatingEvent) => new(new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal), 0, 0);

    protected override PushState Handle(ProcessorContext context, PushState state, StreamEvent @event)
    {
        if (context.Key.StartsWith(BadTenantKey, StringComparison.Ordinal))
        {
            _ = @event.RequireString(TenantField);
        }

        var tenant = TenantOf(context.Key);
        var pending = state.Pending;
        var forwarded = state.Forwarded;
        var batches = state.Batches;
        var counts = state.PerDestination;
        foreach (var destination in tenants.DestinationsOf(tenant))
        {
            if (!destination.EventTypes.Contains(@event.Type))
            {
                continue;
            }

            var queue = Queue(ref pending, destination.Name);
            queue.Insert(PlaceOf(queue, @event.Time), JsonDocument.Parse(@event.Raw).RootElement.Clone());
            forwarded++;
            var flushed = queue.Count >= destination.MaxBatchSize;
            if (flushed)
            {
                Flush(context, tenant, destination, queue);
                pending = WithoutQueue(pending, destination.Name);
                batches++;
            }

            Count(context, tenant, destination.Name, ref counts, forwarded: 1, batches: flushed ? 1 : 0, pending.TryGetValue(destination.Name, out var left) ? left.Count : 0);
            if (!flushed && (context.TimerDue(FlushTimer) is not { } due || due > context.Now + destination.FlushInterval))
            {
                context.SetTimer(FlushTimer, destination.FlushInterval);
            }
        }

        return state with { Pending = pending, Forwarded = forwarded, Batches = batches, PerDestination = counts };
    }

    protected override PushState OnTimer(ProcessorContext context, PushState state, TimerFired timer)
    {
        var tenant = TenantOf(context.Key);
        var batches = state.Batches;
        var counts = state.PerDestination;
        foreach (var destination in tenants.DestinationsOf(tenant))
        {
            if (state.Pending.TryGetValue(destination.Name, out var queue) && queue.Count > 0)
            {
                Flush(context, tenant, destination, queue);
                batches++;
                Count(context, tenant, destination.Name, ref counts, forwarded: 0, batches: 1, pending: 0);
            }
        }

        return state with { Pending = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal), Batches = batches, PerDestination = counts };
    }

    private static void Flush(ProcessorContext context, string tenant, Destination destination, List<JsonElement> events) =>
        context.Send("webhook", destination.Url, new { tenant, destination = destination.Name, events }, destination.MaxAge);

    /// <summary>Adds to a destination's counts (copying the map, as state is immutable) and publishes its delivery status row.</summary>
    private static void Count(ProcessorContext context, string tenant, string destination, ref Dictionary<string, DestinationCounts>? counts, long forwarded, long batches, int pending)
    {
        counts = counts is null ? new Dictionary<string, DestinationCounts>(StringComparer.Ordinal) : new Dictionary<string, DestinationCounts>(counts, StringComparer.Ordinal);
        var current = counts.TryGetValue(destination, out var existing) ? existing : new DestinationCounts(0, 0);
        var next = new DestinationCounts(current.Forwarded + forwarded, current.Batches + batches);
        counts[destination] = next;
        var row = new DeliveryStatusRow(tenant, destination, context.Partition, next.Forwarded, next.Batches, pending, context.Now);
        context.Project(DeliveryStatusProjection, $"{tenant}#{destination}#{context.Partition}", row, ExampleStateJson.Default.DeliveryStatusRow);
    }

    /// <summary>A tenant's events have no tenant key when they carry no <c>tenant</c> (they are not tenant traffic); one of another type goes to <see cref="BadTenantKey"/>.</summary>
    private static string? TenantKeyOf(StreamEvent @event) => @event.GetString(TenantField) ?? @event.KindOf(TenantField) switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => BadTenantKey,
    };

    /// <summary>
    /// Where an event of time <paramref name="time"/> goes in a pending batch so that a batch lists its events in event-time
    /// order, whatever order they arrived in (arrival order among equal times). Usually at the end: only late events walk back.
    /// </summary>
    private static int PlaceOf(List<JsonElement> queue, DateTimeOffset time)
    {
        var place = queue.Count;
        while (place > 0 && queue[place - 1].TryGetProperty("time", out var at) && at.TryGetDateTimeOffset(out var queued) && queued > time)
        {
            place--;
        }

        return place;
    }

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
