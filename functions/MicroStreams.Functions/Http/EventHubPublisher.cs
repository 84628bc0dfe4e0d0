using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using MicroStreams.Events;

namespace MicroStreams.Functions.Http;

/// <summary>
/// Publishes to Event Hubs with the routing key (CloudEvents <c>partitionkey</c>, else <c>subject</c>) as the partition
/// key, so every event of a key lands in one partition, in order. One send per key: Event Hubs cannot send a batch
/// with several partition keys atomically, so a request spanning keys is acknowledged after all sends, and a failure
/// part-way is reported as a failure even though some keys were appended (retrying is safe: workers skip positions
/// they applied, and producers should reuse event ids).
/// </summary>
public sealed class EventHubPublisher(EventHubProducerClient producer) : IEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var group in events.GroupBy(e => e.RoutingKey, StringComparer.Ordinal))
        {
            var batch = group.Select(e => new EventData(new BinaryData(e.Raw)) { ContentType = "application/cloudevents+json" }).ToList();
            await producer.SendAsync(batch, new SendEventOptions { PartitionKey = group.Key }, cancellationToken);
        }
    }
}
