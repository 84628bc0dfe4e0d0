using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Inspection;
using MicroStreams.Http.Auth;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Metrics;
using MicroStreams.Http.Problems;
using MicroStreams.Workers;
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

    private static async Task<IResult> ProcessorsAsync(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        return TypedResults.Json(await DescribeAsync(serve.Runtime, null, http.RequestAborted), Problem.Json);
    }

    private static async Task<IResult> ProcessorAsync(HttpContext http, string name)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var found = await DescribeAsync(serve.Runtime, name, http.RequestAborted);
        return found.Count == 1 ? TypedResults.Json(found[0], Problem.Json) : Problem.NotFound($"there is no processor named '{name}'");
    }

    private static async Task<List<object>> DescribeAsync(EmbeddedRuntime runtime, string? only, CancellationToken cancellationToken)
    {
        var workers = await runtime.CountWorkersAsync(cancellationToken);
        var effects = runtime.EffectCounts();
        return [.. runtime.Router.Processors.Where(p => only is null || p.Spec.Name == only).Select(p => (object)new
        {
            name = p.Spec.Name,
            version = p.Spec.Version,
            subscribes = p.Spec.Subscribes,
            activatedBy = p.Spec.ActivatedBy,
            workers = new
            {
                active = workers.GetValueOrDefault((p.Spec.Name, WorkerStatus.Active)),
                retired = workers.GetValueOrDefault((p.Spec.Name, WorkerStatus.Retired)),
                quarantined = workers.GetValueOrDefault((p.Spec.Name, WorkerStatus.Quarantined)),
            },
            effects = new
            {
                pending = effects.GetValueOrDefault((p.Spec.Name, EffectStatus.Pending)),
                delivered = effects.GetValueOrDefault((p.Spec.Name, EffectStatus.Delivered)),
                undeliverable = effects.GetValueOrDefault((p.Spec.Name, EffectStatus.Undeliverable)),
            },
        })];
    }

    private static async Task<IResult> WorkerAsync(HttpContext http, string name, string key)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var runtime = serve.Runtime;
        if (runtime.Router.Find(name) is null)
        {
            return Problem.NotFound($"there is no processor named '{name}'");
        }

        var id = new WorkerId(name, key);
        if (await runtime.GetWorkerAsync(id, http.RequestAborted) is not { } worker)
        {
            return Problem.NotFound($"processor '{name}' has no worker for key '{key}' (no event activated one yet)");
        }

        var upTo = worker.Watermarks.FirstOrDefault(w => w.Partition == worker.Partition).Sequence;
        var events = http.RequestServices.GetRequiredService<RecentEventIndex>().RecentEventsOf(id, worker.Partition, upTo, limit: 50);
        var letters = runtime.DeadLetters(new DeadLetterQuery { Processor = name, Key = key, Limit = 50 });
        return TypedResults.Json(new
        {
            processor = worker.Processor,
            key = worker.Key,
            partition = worker.Partition,
            status = worker.Status,
            state = worker.State,
            timers = worker.Timers.Select(t => new { name = t.Name, due = t.Due }),
            watermarks = worker.Watermarks.Select(w => new { partition = w.Partition, sequence = w.Sequence }),
            eventsApplied = worker.EventsApplied,
            effectsSent = worker.EffectsSent,
            timersFired = worker.TimersFired,
            activatedAt = worker.ActivatedAt,
            lastChangedAt = worker.LastChangedAt,
            quarantineReason = worker.QuarantineReason,
            recentEvents = events.Select(e => new
            {
                partition = e.Position.Partition,
                sequence = e.Position.Sequence,
                id = e.Id,
                source = e.Source,
                type = e.Type,
                time = e.Time,
                appendedAt = e.AppendedAt,
                @event = Json.Show(e.Raw),
            }),
            effects = runtime.EffectsOf(id).Select(e => new
            {
                id = e.Id,
                channel = e.Channel,
                target = e.Target,
                status = e.Status,
                attempts = e.Attempts,
                createdAt = e.CreatedAt,
                deliveredAt = e.DeliveredAt,
                lastError = e.LastError,
                payload = Json.Show(e.Payload),
            }),
            deadLetters = letters.Select(DeadLetterEndpoints.Summary),
        }, Problem.Json);
    }

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
