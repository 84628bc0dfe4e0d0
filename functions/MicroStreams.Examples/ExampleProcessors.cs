using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Processors;

namespace MicroStreams.Examples;

/// <summary>The three processors from the seeds, ready to register with either host.</summary>
public static class ExampleProcessors
{
    public static IReadOnlyList<IProcessor> All(ITenantDirectory tenants) =>
        [new ChurnDetection(), new SalesMilestone(), new PushDelivery(tenants)];
}
