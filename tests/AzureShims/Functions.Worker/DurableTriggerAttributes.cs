// Mirrors Microsoft.Azure.Functions.Worker.Extensions.DurableTask 1.15.0:
// Azure/azure-functions-durable-extension src/Worker.Extensions.DurableTask/ (OrchestrationTriggerAttribute.cs,
// ActivityTriggerAttribute.cs, EntityTriggerAttribute.cs, DurableClientAttribute.cs, TaskEntityDispatcher.cs) (docs/azure-notes.md, "Testing entities").
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.DurableTask.Entities;

namespace Microsoft.Azure.Functions.Worker
{
    public sealed class OrchestrationTriggerAttribute : TriggerBindingAttribute
    {
        public string? Orchestration { get; set; }
    }

    public sealed class ActivityTriggerAttribute : TriggerBindingAttribute
    {
        public string? Activity { get; set; }
    }

    public sealed class EntityTriggerAttribute : TriggerBindingAttribute
    {
        public string? EntityName { get; set; }
    }

    public sealed class DurableClientAttribute : InputBindingAttribute
    {
        public string? TaskHub { get; set; }

        public string? ConnectionName { get; set; }
    }

    /// <summary>Sealed with an internal constructor in the real package too: it cannot be mocked, so the entity class is tested instead.</summary>
    public sealed class TaskEntityDispatcher
    {
        internal TaskEntityDispatcher()
        {
        }

        public Task DispatchAsync<T>() => throw new NotSupportedException();

        public Task DispatchAsync(ITaskEntity entity) => throw new NotSupportedException();
    }
}
