// Mirrors Microsoft.Azure.Functions.Worker.Extensions.EventHubs 6.5.0:
// Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.EventHubs/src/EventHubTriggerAttribute.cs (docs/azure-notes.md, "Packages and the shims").
// The real attribute also carries [InputConverter], [ConverterFallbackBehavior] and [BindingCapabilities(FunctionLevelRetry)],
// which only the Worker.Sdk generator reads.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker
{
    public sealed class EventHubTriggerAttribute : TriggerBindingAttribute
    {
        public EventHubTriggerAttribute(string eventHubName) => EventHubName = eventHubName;

        public string EventHubName { get; }

        public string? ConsumerGroup { get; set; }

        public string? Connection { get; set; }

        public bool IsBatched { get; set; } = true;
    }
}
