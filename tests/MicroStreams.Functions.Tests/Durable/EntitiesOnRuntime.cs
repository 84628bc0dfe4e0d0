using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using MicroStreams.Replay;
using MicroStreams.Routing;
using Microsoft.DurableTask.Entities;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>The app's two entity classes (the worker and the partition clock) over the counter processor, on an <see cref="EntityRuntime"/>.</summary>
internal static class EntitiesOnRuntime
{
    public static EntityRuntime Start(ManualClock clock)
    {
        var router = new Router([new CounterProcessor()]);
        var core = new ProcessorEntityCore(router, clock);
        var rebuild = new WorkerRebuild(router, ShadowVariants.None, clock);

        // A new instance per batch, as the Functions host's dispatcher creates one per entity trigger invocation.
        return new EntityRuntime(clock, name => name switch
        {
            _ when name.Equals(EntityKeys.EntityName, StringComparison.OrdinalIgnoreCase) => new ProcessorEntity(core, rebuild, clock),
            _ when name.Equals(PartitionClockKeys.EntityName, StringComparison.OrdinalIgnoreCase) => new PartitionClockEntity(),
            _ => throw new InvalidOperationException($"no entity named {name}"),
        }, OrchestrationRuntime.FunctionsWorkerServices);
    }

    public static EntityInstanceId Alice { get; } = EntityKeys.For(CounterProcessor.Name, "alice");
}
