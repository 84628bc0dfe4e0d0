using System.Text;
using MicroStreams.Events;

namespace MicroStreams.Functions.Routing;

/// <summary>
/// A validated event as it travels through Durable Task messages (orchestration input, entity operation input):
/// its log position, the broker's time, and the CloudEvent JSON text. The entity re-reads it with
/// <see cref="CloudEventReader"/>, which yields the same <see cref="StreamEvent"/> the router saw.
/// </summary>
public sealed record LogEvent(int Partition, long Sequence, DateTimeOffset EnqueuedTime, string Body)
{
    public static LogEvent From(StreamEvent @event, DateTimeOffset enqueuedTime)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return new LogEvent(@event.Position.Partition, @event.Position.Sequence, enqueuedTime, Encoding.UTF8.GetString(@event.Raw.Span));
    }

    /// <summary>The <c>traceparent</c> of the event's <c>route</c> span, when the Route function traced it: the worker's step is its child.</summary>
    public string? TraceParent { get; init; }

    public EventPosition Position => new(Partition, Sequence);

    public EventReadResult Read() => CloudEventReader.Read(Encoding.UTF8.GetBytes(Body), Position, EnqueuedTime);
}
