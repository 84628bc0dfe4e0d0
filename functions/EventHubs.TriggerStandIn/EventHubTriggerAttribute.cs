// Declared as Microsoft.Azure.Functions.Worker.Extensions.EventHubs 6.5.0 declares it
// (Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.EventHubs/src/EventHubTriggerAttribute.cs).
// Never add a member the real attribute does not have.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Marks a function triggered by Event Hubs events (stand-in for the unserved worker extension).</summary>
[BindingCapabilities(KnownBindingCapabilities.FunctionLevelRetry)]
public sealed class EventHubTriggerAttribute(string eventHubName) : TriggerBindingAttribute, ISupportCardinality
{
    /// <summary>Name of the event hub (an app setting when wrapped in %).</summary>
    public string EventHubName { get; } = eventHubName;

    /// <summary>Consumer group; "$Default" when missing.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>The app setting (prefix) that holds the Event Hubs connection.</summary>
    public string? Connection { get; set; }

    /// <summary>Batches by default.</summary>
    [DefaultValue(true)]
    public bool IsBatched { get; set; } = true;

    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
