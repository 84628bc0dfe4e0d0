// Mirrors Azure.Messaging.EventHubs 5.12.2: Azure/azure-sdk-for-net sdk/eventhub/Azure.Messaging.EventHubs/api/
// Azure.Messaging.EventHubs.net10.0.cs (EventData, EventHubsModelFactory with EventData and the string-offset PartitionProperties) (docs/azure-notes.md, "Event Hubs trigger metadata"). A data holder, as the real type is.
#nullable disable
namespace Azure.Messaging.EventHubs
{
    public class EventData : Azure.Messaging.MessageContent
    {
        public EventData()
            : this(new BinaryData(Array.Empty<byte>()))
        {
        }

        public EventData(BinaryData eventBody)
            : this(eventBody, null, null, long.MinValue, null, default, null)
        {
        }

        public EventData(ReadOnlyMemory<byte> eventBody)
            : this(new BinaryData(eventBody))
        {
        }

        public EventData(string eventBody)
            : this(new BinaryData(eventBody))
        {
        }

        protected EventData(BinaryData eventBody, IDictionary<string, object> properties = null, IReadOnlyDictionary<string, object> systemProperties = null,
            long sequenceNumber = long.MinValue, string offsetString = null, DateTimeOffset enqueuedTime = default, string partitionKey = null)
        {
            EventBody = eventBody;
            Properties = properties ?? new Dictionary<string, object>();
            SystemProperties = systemProperties ?? new Dictionary<string, object>();
            SequenceNumber = sequenceNumber;
            OffsetString = offsetString;
            EnqueuedTime = enqueuedTime;
            PartitionKey = partitionKey;
        }

        public BinaryData EventBody { get; set; }

        public ReadOnlyMemory<byte> Body => EventBody.ToMemory();

        public new string ContentType { get; set; }

        public IDictionary<string, object> Properties { get; }

        public IReadOnlyDictionary<string, object> SystemProperties { get; }

        public long SequenceNumber { get; }

        public string OffsetString { get; }

        public DateTimeOffset EnqueuedTime { get; }

        public string PartitionKey { get; }

        internal static EventData Create(BinaryData eventBody, IDictionary<string, object> properties, IReadOnlyDictionary<string, object> systemProperties,
            string partitionKey, long sequenceNumber, string offsetString, DateTimeOffset enqueuedTime) =>
            new(eventBody, properties, systemProperties, sequenceNumber, offsetString, enqueuedTime, partitionKey);
    }

    public static class EventHubsModelFactory
    {
        public static EventData EventData(BinaryData eventBody, IDictionary<string, object> properties = null, IReadOnlyDictionary<string, object> systemProperties = null,
            string partitionKey = null, long sequenceNumber = long.MinValue, string offsetString = null, DateTimeOffset enqueuedTime = default) =>
            Azure.Messaging.EventHubs.EventData.Create(eventBody, properties, systemProperties, partitionKey, sequenceNumber, offsetString, enqueuedTime);

        public static PartitionProperties PartitionProperties(string eventHubName, string partitionId, bool isEmpty, long beginningSequenceNumber, long lastSequenceNumber, string lastOffsetString, DateTimeOffset lastEnqueuedTime) =>
            new(eventHubName, partitionId, isEmpty, beginningSequenceNumber, lastSequenceNumber, lastOffsetString, lastEnqueuedTime);
    }
}
