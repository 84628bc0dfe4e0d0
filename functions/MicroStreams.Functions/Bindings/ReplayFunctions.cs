using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Replay;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Bindings;

/// <summary>The Replay orchestration and its activities (one-liners over <see cref="ReplayHandler"/>).</summary>
public sealed class ReplayFunctions(ReplayHandler handler)
{
    public static ReplayActivities Activities { get; } = new(
        nameof(PlanReplay), nameof(ReadArchivePage), nameof(ListWorkers), nameof(SwitchProjections),
        nameof(ProjectionWriteFunctions.WriteProjections), nameof(DeadLetterFunctions.WriteDeadLetters));

    [Function(ReplayOrchestration.Name)]
    public static Task<ReplayView?> Replay([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ReplayOrchestration.RunAsync(context, Activities);

    [Function(nameof(PlanReplay))]
    public Task<ReplayPlan> PlanReplay([ActivityTrigger] ReplayPlanRequest request, CancellationToken cancellationToken) =>
        handler.PlanAsync(request, cancellationToken);

    [Function(nameof(ReadArchivePage))]
    public Task<ArchivePage> ReadArchivePage([ActivityTrigger] ArchivePageRequest request, CancellationToken cancellationToken) =>
        handler.ReadPageAsync(request, cancellationToken);

    [Function(nameof(ListWorkers))]
    public static Task<WorkerListPage> ListWorkers([ActivityTrigger] WorkerListRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplayHandler.ListWorkersAsync(client, request, cancellationToken);

    [Function(nameof(SwitchProjections))]
    public Task SwitchProjections([ActivityTrigger] Dictionary<string, long> versions, CancellationToken cancellationToken) =>
        handler.SwitchProjectionsAsync(versions, cancellationToken);
}
