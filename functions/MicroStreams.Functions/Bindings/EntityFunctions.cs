using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Bindings;

/// <summary>The entity trigger for every worker; a one-liner because the dispatcher cannot be mocked (docs/azure-notes.md, "Testing entities").</summary>
public static class EntityFunctions
{
    [Function(EntityKeys.EntityName)]
    public static Task DispatchProcessorEntityAsync([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<ProcessorEntity>();
}
