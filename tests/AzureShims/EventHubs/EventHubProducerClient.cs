// Mirrors Azure.Messaging.EventHubs 5.12.2: Azure/azure-sdk-for-net sdk/eventhub/Azure.Messaging.EventHubs/api/
// Azure.Messaging.EventHubs.net10.0.cs (Producer namespace; GetPartitionIdsAsync and GetPartitionPropertiesAsync) (docs/azure-notes.md, "Event Hubs trigger metadata"). Virtual members and a protected
// parameterless constructor, as in the real client, so tests mock it with Moq.
#nullable disable
namespace Azure.Messaging.EventHubs.Producer
{
    public class EventHubProducerClient : IAsyncDisposable
    {
        protected EventHubProducerClient()
        {
        }

        public EventHubProducerClient(string connectionString, string eventHubName) => throw new NotSupportedException("AzureShims: needs the real Azure.Messaging.EventHubs");

        public EventHubProducerClient(string fullyQualifiedNamespace, string eventHubName, Azure.Core.TokenCredential credential, EventHubProducerClientOptions clientOptions = null) =>
            throw new NotSupportedException("AzureShims: needs the real Azure.Messaging.EventHubs");

        public virtual Task SendAsync(IEnumerable<EventData> eventBatch, SendEventOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual Task<PartitionProperties> GetPartitionPropertiesAsync(string partitionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public virtual ValueTask DisposeAsync()
        {
            GC.SuppressFinalize(this);
            return ValueTask.CompletedTask;
        }
    }

    public class EventHubProducerClientOptions
    {
    }

    public class SendEventOptions
    {
        public string PartitionId { get; set; }

        public string PartitionKey { get; set; }
    }
}
