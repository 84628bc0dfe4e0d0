using MicroStreams.DeadLetters;
using MicroStreams.Embedded.Inspection;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Metrics;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.OpenApi.Contracts;

namespace MicroStreams.Http.Inspection;

/// <summary>Read-only views of the runtime: processors and their workers, one worker's timeline, partitions and live stats.</summary>
internal static class InspectionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/processors", (Delegate)ProcessorsAsync).RequireKey(KeyKind.Function)
            .WithTags("Inspection").WithSummary("The processors with worker and effect counts").Produces<ProcessorSummary[]>();
        endpoints.MapGet("/api/processors/{name}", ProcessorAsync).RequireKey(KeyKind.Function)
            .WithTags("Inspection").WithSummary("One processor").Produces<ProcessorSummary>().ProducesProblems(404);
        endpoints.MapGet("/api/processors/{name}/workers/{**key}", WorkerAsync).RequireKey(KeyKind.Function)
            .WithTags("Inspection").WithSummary("One worker: state, timers, recent events, effects, dead letters").Produces<WorkerDetail>().ProducesProblems(404);
        endpoints.MapGet("/api/partitions", (Delegate)PartitionsAsync).RequireKey(KeyKind.Function)
            .WithTags("Inspection").WithSummary("Each partition's head, checkpoint and lag").Produces<PartitionProgress[]>();
        endpoints.MapGet("/api/stats", Stats).RequireKey(KeyKind.Function)
            .WithTags("Inspection").WithSummary("A reading of the runtime's meters (the dashboard's charts)").Produces<RuntimeStats>();
    }

    private static Task<IResult> ProcessorsAsync(HttpContext http)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        return InspectionApi.ProcessorsAsync(runtime.Router, Reader(http), http.RequestAborted);
    }

    private static Task<IResult> ProcessorAsync(HttpContext http, string name)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        return InspectionApi.ProcessorAsync(runtime.Router, Reader(http), name, http.RequestAborted);
    }

    private static Task<IResult> WorkerAsync(HttpContext http, string name, string key)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        return InspectionApi.WorkerAsync(runtime.Router, Reader(http), name, key, http.RequestAborted);
    }

    private static RuntimeWorkerReader Reader(HttpContext http) =>
        new(http.RequestServices.GetRequiredService<ServeContext>().Runtime, http.RequestServices.GetRequiredService<RecentEventIndex>());

    private static async Task<IResult> PartitionsAsync(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        return TypedResults.Json((await serve.Runtime.PartitionLagsAsync(http.RequestAborted)).Select(p => new
        {
            partition = p.Partition,
            head = p.Head,
            checkpoint = p.Checkpoint,
            lag = p.Lag,
            lagSeconds = p.LagTime.TotalSeconds,
            oldestUnconsumedAt = p.OldestUnconsumedAt,
            armedTimers = p.ArmedTimers,
            nextTimerDue = p.NextTimerDue,
        }), Problem.Json);
    }

    /// <summary>
    /// One reading of the host's meters (the instruments OpenTelemetry exports), for the dashboard's charts: it derives
    /// rates from successive polls.
    /// </summary>
    private static IResult Stats(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var reading = serve.Meters.Read();
        return TypedResults.Json(new
        {
            now = serve.Runtime.Time.GetUtcNow(),
            simulatedClock = serve.Clock is not null,
            counters = reading.Counters(),
            backlog = (long)reading.Total("microstreams.backlog"),
            backlogLimit = serve.Options.BacklogLimit,
            armedTimers = (long)reading.Total("microstreams.timers.armed"),
            deadLettersPending = (long)reading.Total("microstreams.deadletters", $"status={DeadLetterStatus.Pending}"),
        }, Problem.Json);
    }
}
