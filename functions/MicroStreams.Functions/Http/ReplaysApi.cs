using System.Text.Json;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Replay;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Http;

/// <summary>
/// Replays over HTTP, the embedded host's routes and JSON: start one (admin; 202 with the view and its Location), list
/// them, read one with progress, cancel one (admin). A replay is a Replay orchestration; its instance id is the replay id.
/// </summary>
public sealed class ReplaysApi(Router router, ShadowVariants shadows, TimeProvider time)
{
    private static readonly OrchestrationRuntimeStatus[] Unfinished = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    public async Task<IActionResult> StartAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ReplayRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ReplayRequest>(request.Body, ReplayJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"the body is not a replay request: {ex.Message}");
        }

        if (Invalid(body) is { } problem)
        {
            return problem;
        }

        if (router.Find(body!.Processor) is null)
        {
            return Problems.NotFound($"there is no processor '{body.Processor}'; known: {string.Join(", ", router.Processors.Select(p => p.Spec.Name))}");
        }

        if (!body.Shadow && await AnyAsync(client, new OrchestrationQuery(Statuses: Unfinished, InstanceIdPrefix: InstanceIds.ReplayPrefix(body.Processor, shadow: false))))
        {
            return Problems.Conflict($"a rebuild of '{body.Processor}' is already running");
        }

        var now = time.GetUtcNow();
        var id = InstanceIds.Replay(body.Processor, now, body.Shadow);
        var state = new ReplayState { View = NewView(id, body, now), EntityGeneration = now.UtcTicks };
        await client.ScheduleNewOrchestrationInstanceAsync(ReplayOrchestration.Name, state, new StartOrchestrationOptions(id), cancellationToken);
        request.HttpContext.Response.Headers.Location = "/api/replays/" + Uri.EscapeDataString(id);
        return Json(state.View, StatusCodes.Status202Accepted);
    }

    public static async Task<IActionResult> GetAsync(DurableTaskClient client, string id, CancellationToken cancellationToken) =>
        await ViewAsync(client, id, cancellationToken) is { } view ? Json(view, StatusCodes.Status200OK) : Problems.NotFound($"there is no replay '{id}'");

    /// <summary>Every replay the task hub still holds, newest first, with <c>rebuildsRequired</c> (always empty here: the Azure host pauses no processor).</summary>
    public static async Task<IActionResult> ListAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var views = new List<ReplayView>();
        foreach (var shadow in new[] { false, true })
        {
            await foreach (var metadata in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: InstanceIds.ReplayPrefix(null, shadow), FetchInputsAndOutputs: true)).WithCancellation(cancellationToken))
            {
                if (ReplayViews.From(metadata) is { } view)
                {
                    views.Add(view);
                }
            }
        }

        return Json(new { items = views.OrderByDescending(v => v.CreatedAt), rebuildsRequired = new Dictionary<string, string>() }, StatusCodes.Status200OK);
    }

    /// <summary>Terminates a running replay: workers already switched keep the new generation (as in the embedded host).</summary>
    public async Task<IActionResult> CancelAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        if (await ViewAsync(client, id, cancellationToken) is not { } view)
        {
            return Problems.NotFound($"there is no replay '{id}'");
        }

        if (view.Status != ReplayStatus.Running)
        {
            return Problems.Conflict($"replay '{id}' is not running");
        }

        var cancelled = view with { Status = ReplayStatus.Cancelled, Error = ReplayViews.CancelledError, FinishedAt = time.GetUtcNow() };
        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(cancelled), cancellationToken);
        return Json(view with { Status = ReplayStatus.Cancelling }, StatusCodes.Status202Accepted);
    }

    private static async Task<ReplayView?> ViewAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!InstanceIds.IsReplay(id) || await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) is not { } metadata
            || !string.Equals(metadata.Name, ReplayOrchestration.Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ReplayViews.From(metadata);
    }

    private static ObjectResult? Invalid(ReplayRequest? body) => body switch
    {
        null => Problems.BadRequest("give the processor to replay: {\"processor\":\"churn_detection\"}", "$.processor"),
        _ when string.IsNullOrWhiteSpace(body.Processor) => Problems.BadRequest("give the processor to replay: {\"processor\":\"churn_detection\"}", "$.processor"),
        { ArchivePath: not null } => Problems.BadRequest("archivePath names a folder of the embedded host; the Azure host always reads its archive container", "$.archivePath"),
        { FromSequence: < 0 } => Problems.BadRequest("fromSequence must not be negative", "$.fromSequence"),
        _ => null,
    };

    private ReplayView NewView(string id, ReplayRequest request, DateTimeOffset now) => new()
    {
        Id = id,
        Processor = request.Processor,
        Mode = request.Shadow ? "shadow" : "rebuild",
        Status = ReplayStatus.Running,
        Generation = request.Shadow ? 0 : now.UtcTicks,
        Request = request,
        CreatedAt = now,
        UpdatedAt = now,
        Reason = request.Shadow && shadows.Find(request.Processor) is null ? "shadow of the live code: a determinism check" : null,
        Diff = request.Shadow ? new ShadowDiff() : null,
    };

    private static async Task<bool> AnyAsync(DurableTaskClient client, OrchestrationQuery query)
    {
        await foreach (var _ in client.GetAllInstancesAsync(query))
        {
            return true;
        }

        return false;
    }

    private static JsonResult Json(object value, int status) => new(value, ReplayJson.Options) { StatusCode = status };
}
