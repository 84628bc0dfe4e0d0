using System.Collections.Frozen;
using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Routing;

/// <summary>Knows which processors subscribe to each event type and which worker key an event reaches in each.</summary>
public sealed class Router
{
    private readonly FrozenDictionary<string, IProcessor[]> _subscribers;
    private readonly FrozenDictionary<string, IProcessor> _byName;

    public Router(IEnumerable<IProcessor> processors)
    {
        ArgumentNullException.ThrowIfNull(processors);
        Processors = [.. processors];
        var duplicate = Processors.GroupBy(p => p.Spec.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two processors are named '{duplicate.Key}'", nameof(processors));
        }

        _byName = Processors.ToFrozenDictionary(p => p.Spec.Name, StringComparer.Ordinal);
        _subscribers = Processors
            .SelectMany(p => p.Spec.Subscribes.Distinct(StringComparer.Ordinal).Select(type => (type, p)))
            .GroupBy(x => x.type, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.p).ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<IProcessor> Processors { get; }

    public IProcessor? Find(string name) => _byName.GetValueOrDefault(name);

    public ReadOnlySpan<IProcessor> SubscribersOf(string eventType) =>
        _subscribers.TryGetValue(eventType, out var list) ? list : [];

    /// <summary>The worker key <paramref name="event"/> reaches in <paramref name="processor"/>, or null when it reaches none.</summary>
    public static string? KeyFor(IProcessor processor, StreamEvent @event)
    {
        if (processor.Spec.KeyBy is not { } keyBy)
        {
            return @event.RoutingKey;
        }

        var key = keyBy(@event);
        return string.IsNullOrEmpty(key) ? null : $"{key}#{@event.Position.Partition}";
    }

    /// <summary>
    /// <see cref="KeyFor"/> copied into <paramref name="destination"/> without making a string, for a processor that keys by
    /// the routing key (a host then finds the worker, whose key is a string already). False when the key needs a string
    /// (<see cref="ProcessorSpec.KeyBy"/>) or does not fit: use <see cref="KeyFor"/>.
    /// </summary>
    public static bool TryCopyKey(IProcessor processor, StreamEvent @event, Span<char> destination, out int written)
    {
        written = 0;
        return processor.Spec.KeyBy is null && @event.TryCopyRoutingKey(destination, out written);
    }

    /// <summary>Groups a batch per worker, keeping log order within each worker: the plan a host fans out.</summary>
    public RoutingPlan Plan(IEnumerable<StreamEvent> events)
    {
        var plan = new RoutingPlan();
        foreach (var @event in events)
        {
            foreach (var processor in SubscribersOf(@event.Type))
            {
                if (KeyFor(processor, @event) is { } key)
                {
                    plan.Add(new Workers.WorkerId(processor.Spec.Name, key), @event);
                }
            }
        }

        return plan;
    }
}
