using System.Text;
using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Testing;

public sealed partial class ProcessorTestDriver
{
    /// <summary>The <c>source</c> of the events <see cref="Send(string, string, object?, DateTimeOffset?, string?, string?)"/> makes.</summary>
    public const string EventSource = "urn:microstreams:testing";

    private readonly long[] _nextSequence;
    private long _madeEvents;

    /// <summary>
    /// Appends a CloudEvent of <paramref name="type"/> about <paramref name="subject"/> (its routing key) at the clock's
    /// time and offers it to every worker it reaches. <paramref name="data"/> is JSON text when a string, else it is
    /// serialized; <paramref name="time"/> (the event time handlers see) is the clock's time unless given: give an earlier
    /// one for an event that arrives late, a later one for a producer whose clock runs ahead.
    /// </summary>
    public SendResult Send(string type, string subject, object? data = null, DateTimeOffset? time = null, string? id = null, string? partitionKey = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var json = data switch
        {
            null => null,
            string text => text,
            _ => JsonSerializer.Serialize(data, data.GetType(), StateJson.Options),
        };
        var raw = CloudEventReader.Write(id ?? $"{type}-{++_madeEvents}", EventSource, type, subject, time ?? Now, json, partitionKey);
        return Append(raw);
    }

    /// <summary>
    /// Moves the clock to <paramref name="time"/> (firing the timers due by then) and sends an event that happens then:
    /// what a producer whose event reaches the log at once does.
    /// </summary>
    public SendResult SendAt(DateTimeOffset time, string type, string subject, object? data = null, string? id = null, string? partitionKey = null)
    {
        AdvanceTo(time);
        return Send(type, subject, data, time, id, partitionKey);
    }

    /// <summary>
    /// Appends a structured-mode CloudEvent (the JSON a producer posts) at the clock's time. One the HTTP API would refuse
    /// with a 400 throws an <see cref="ArgumentException"/> naming the attribute at fault.
    /// </summary>
    public SendResult SendCloudEvent(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Append(Encoding.UTF8.GetBytes(json));
    }

    /// <inheritdoc cref="SendCloudEvent(string)"/>
    public SendResult SendCloudEvent(ReadOnlySpan<byte> json) => Append(json.ToArray());

    /// <summary>Appends a copy of <paramref name="event"/> (its attributes and data; its position is the driver's) at the clock's time.</summary>
    public SendResult Send(StreamEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return Append(@event.Raw.ToArray());
    }

    private SendResult Append(byte[] raw)
    {
        var appendedAt = Now;
        var read = CloudEventReader.Read(raw, default, appendedAt);
        if (!read.IsValid)
        {
            throw new ArgumentException($"not a CloudEvent the log accepts: {read.Rejection}", nameof(raw));
        }

        var partition = PartitionOf(read.Event.RoutingKey);
        var position = new EventPosition(partition, _nextSequence[partition]++);
        var @event = CloudEventReader.Read(raw, position, appendedAt).Event!;
        var outcomes = new List<WorkerOutcome>();
        foreach (var processor in _router.SubscribersOf(@event.Type))
        {
            if (Router.KeyFor(processor, @event) is not { } key)
            {
                continue;
            }

            var id = new WorkerId(processor.Spec.Name, key);
            var slot = _workers.GetValueOrDefault(id);
            var worker = slot?.Worker;
            var outcome = _step.Event(processor, ref worker, key, @event, appendedAt, generation: 0, _actions);
            if (slot is null && worker is not null)
            {
                _workers[id] = slot = new Slot(processor, worker, partition);
            }

            Take(slot);
            outcomes.Add(new WorkerOutcome(id, outcome));
        }

        // The consumer has caught up with the log's end: the partition's horizon is now, so timers the event armed
        // already due (a due in the past) fire at once, as they would on a host.
        FireDueBy(appendedAt);
        return new SendResult(position, outcomes);
    }
}
