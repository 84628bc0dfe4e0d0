using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Inspection;
using MicroStreams.Http.Auth;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using MicroStreams.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Inspection;

/// <summary>Read-only views of the runtime: processors and their workers, one worker's timeline, partitions and live stats.</summary>
internal static class InspectionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/processors", (Delegate)ProcessorsAsync).RequireKey(KeyKind.Function);
        endpoints.MapGet("/api/processors/{name}", ProcessorAsync).RequireKey(KeyKind.Function);
        endpoints.MapGet("/api/processors/{name}/workers/{**key}", WorkerAsync).RequireKey(KeyKind.Function);
        endpoints.MapGet("/api/partitions", (Delegate)PartitionsAsync).RequireKey(KeyKind.Function);
        endpoints.MapGet("/api/stats", Stats).RequireKey(KeyKind.Function);
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

    /// <summary>One snapshot of the totals, for the dashboard's charts (it derives rates from successive polls).</summary>
    private static IResult Stats(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var runtime = serve.Runtime;
        var counters = runtime.Counters();
        var pending = runtime.DeadLetterCounts().Where(c => c.Key.Status == DeadLetterStatus.Pending).Sum(c => c.Value);
        return TypedResults.Json(new
        {
            now = runtime.Time.GetUtcNow(),
            simulatedClock = serve.Clock is not null,
            counters,
            backlog = runtime.Backlog(),
            backlogLimit = serve.Options.BacklogLimit,
            armedTimers = runtime.ArmedTimers(),
            deadLettersPending = pending,
        }, Problem.Json);
    }
}
