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

    public EventPosition Position => new(Partition, Sequence);

    public EventReadResult Read() => CloudEventReader.Read(Encoding.UTF8.GetBytes(Body), Position, EnqueuedTime);
}
