// Mirrors Azure.Messaging.EventHubs 5.12.2: Azure/azure-sdk-for-net sdk/eventhub/Azure.Messaging.EventHubs/api/
// Azure.Messaging.EventHubs.net10.0.cs (EventHubsException and its nested FailureReason, values as listed there).
#nullable disable
namespace Azure.Messaging.EventHubs
{
    public class EventHubsException : Exception
    {
        public EventHubsException(bool isTransient, string eventHubName)
            : this(isTransient, eventHubName, null, FailureReason.GeneralError, null)
        {
        }

        public EventHubsException(bool isTransient, string eventHubName, FailureReason reason)
            : this(isTransient, eventHubName, null, reason, null)
        {
        }

        public EventHubsException(bool isTransient, string eventHubName, string message)
            : this(isTransient, eventHubName, message, FailureReason.GeneralError, null)
        {
        }

        public EventHubsException(bool isTransient, string eventHubName, string message, FailureReason reason)
            : this(isTransient, eventHubName, message, reason, null)
        {
        }

        public EventHubsException(bool isTransient, string eventHubName, string message, FailureReason reason, Exception innerException)
            : base(message, innerException)
        {
            IsTransient = isTransient;
            EventHubName = eventHubName;
            Reason = reason;
        }

        public EventHubsException(bool isTransient, string eventHubName, string message, Exception innerException)
            : this(isTransient, eventHubName, message, FailureReason.GeneralError, innerException)
        {
        }

        public EventHubsException(string eventHubName, string message, FailureReason reason)
            : this(false, eventHubName, message, reason, null)
        {
        }

        public string EventHubName { get; }

        public bool IsTransient { get; }

        public FailureReason Reason { get; }

        public enum FailureReason
        {
            GeneralError = 0,
            ClientClosed = 1,
            ConsumerDisconnected = 2,
            ResourceNotFound = 3,
            MessageSizeExceeded = 4,
            QuotaExceeded = 5,
            ServiceBusy = 6,
            ServiceTimeout = 7,
            ServiceCommunicationProblem = 8,
            ProducerDisconnected = 9,
            InvalidClientState = 10,
        }
    }
}
