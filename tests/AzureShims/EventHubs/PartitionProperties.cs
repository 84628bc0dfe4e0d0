// Mirrors Azure.Messaging.EventHubs 5.12.2: Azure/azure-sdk-for-net sdk/eventhub/Azure.Messaging.EventHubs/api/
// Azure.Messaging.EventHubs.net10.0.cs (PartitionProperties with the string-offset constructor; the obsolete long-offset
// members are left out). A data holder, as the real type is; tests build it with EventHubsModelFactory.PartitionProperties.
#nullable disable
namespace Azure.Messaging.EventHubs
{
    public class PartitionProperties
    {
        protected internal PartitionProperties(string eventHubName, string partitionId, bool isEmpty, long beginningSequenceNumber, long lastSequenceNumber, string lastOffsetString, DateTimeOffset lastEnqueuedTime)
        {
            EventHubName = eventHubName;
            Id = partitionId;
            IsEmpty = isEmpty;
            BeginningSequenceNumber = beginningSequenceNumber;
            LastEnqueuedSequenceNumber = lastSequenceNumber;
            LastEnqueuedOffsetString = lastOffsetString;
            LastEnqueuedTime = lastEnqueuedTime;
        }

        public long BeginningSequenceNumber { get; }

        public string EventHubName { get; }

        public string Id { get; }

        public bool IsEmpty { get; }

        public string LastEnqueuedOffsetString { get; }

        public long LastEnqueuedSequenceNumber { get; }

        public DateTimeOffset LastEnqueuedTime { get; }
    }
}
