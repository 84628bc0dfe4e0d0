using MicroStreams.Events;

namespace MicroStreams.Functions.Http;

/// <summary>Appends validated events to the log; returns once the log has acknowledged them.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken);
}
