using MicroStreams.Http.Problems;
using MicroStreams.Processors;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Inspection;

/// <summary>The inspection handlers: the registered processors (with counts where the host keeps them), one processor, one worker.</summary>
public static class InspectionApi
{
    public static async Task<IResult> ProcessorsAsync(Router router, IWorkerReader workers, CancellationToken cancellationToken) =>
        TypedResults.Json(await DescribeAsync(router, router.Processors, workers, cancellationToken), Problem.Json);

    public static async Task<IResult> ProcessorAsync(Router router, IWorkerReader workers, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        return router.Find(name) is { } processor
            ? TypedResults.Json((await DescribeAsync(router, [processor], workers, cancellationToken))[0], Problem.Json)
            : Problem.NotFound($"there is no processor named '{name}'");
    }

    public static async Task<IResult> WorkerAsync(Router router, IWorkerReader workers, string name, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(workers);
        if (router.Find(name) is null)
        {
            return Problem.NotFound($"there is no processor named '{name}'");
        }

        return await workers.GetAsync(name, key, cancellationToken) is { } worker
            ? TypedResults.Json(worker, Problem.Json)
            : Problem.NotFound($"processor '{name}' has no worker for key '{key}' (no event activated one yet)");
    }

    private static async Task<ProcessorDescription[]> DescribeAsync(Router router, IEnumerable<IProcessor> processors, IWorkerReader workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(workers);
        var counts = await workers.CountAsync(cancellationToken);
        return [.. processors.Select(p => new ProcessorDescription(p.Spec.Name, p.Spec.Version, p.Spec.Subscribes, p.Spec.ActivatedBy)
        {
            Workers = counts is null ? null : counts.Workers.GetValueOrDefault(p.Spec.Name) ?? new WorkerCounts(0, 0, 0),
            Effects = counts is null ? null : counts.Effects.GetValueOrDefault(p.Spec.Name) ?? new EffectCounts(0, 0, 0),
        })];
    }
}
