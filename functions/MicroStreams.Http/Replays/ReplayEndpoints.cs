using System.Text.Json;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Replay;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MicroStreams.Replay;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.OpenApi.Contracts;

namespace MicroStreams.Http.Replays;

/// <summary>Replays over HTTP: start one (admin), list and read them with progress, cancel one (admin).</summary>
internal static class ReplayEndpoints
{
    private const string Route = "/api/replays";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, (Delegate)StartAsync).RequireKey(KeyKind.Admin)
            .WithTags("Replays").WithSummary("Start a rebuild or a shadow replay of a processor").Body<ReplayRequest>("application/json")
            .Produces<ReplayView>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409, 413, 415);
        endpoints.MapGet(Route, List).RequireKey(KeyKind.Function)
            .WithTags("Replays").WithSummary("The replays and the rebuilds required").Produces<ReplayList>();
        endpoints.MapGet(Route + "/{id}", Get).RequireKey(KeyKind.Function)
            .WithTags("Replays").WithSummary("One replay's progress (and a shadow's differences)").Produces<ReplayView>().ProducesProblems(404);
        endpoints.MapDelete(Route + "/{id}", Cancel).RequireKey(KeyKind.Admin)
            .WithTags("Replays").WithSummary("Cancel a running replay").Produces<ReplayView>(StatusCodes.Status202Accepted).ProducesProblems(404, 409);
    }

    private static async Task<IResult> StartAsync(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        ReplayRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ReplayRequest>(http.Request.Body, ReplayJson.Options, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Problem.BadRequest($"the body is not a replay request: {ex.Message}");
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Processor))
        {
            return Problem.BadRequest("give the processor to replay: {\"processor\":\"churn_detection\"}", "$.processor");
        }

        var start = serve.Runtime.StartReplay(request);
        return start.Refusal is { } refused
            ? refused.Reason == ReplayRefusalReason.UnknownProcessor ? Problem.NotFound(refused.Message) : Problem.Conflict(refused.Message)
            : TypedResults.Json(start.View, ReplayJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult List(HttpContext http)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        return TypedResults.Json(new { items = runtime.Replays(), rebuildsRequired = runtime.RebuildsRequired() }, ReplayJson.Options);
    }

    private static IResult Get(HttpContext http, string id) =>
        http.RequestServices.GetRequiredService<ServeContext>().Runtime.GetReplay(id) is { } view
            ? TypedResults.Json(view, ReplayJson.Options)
            : Problem.NotFound($"there is no replay '{id}'");

    private static IResult Cancel(HttpContext http, string id)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        if (runtime.GetReplay(id) is null)
        {
            return Problem.NotFound($"there is no replay '{id}'");
        }

        return runtime.CancelReplay(id) ? TypedResults.Json(runtime.GetReplay(id), ReplayJson.Options, statusCode: StatusCodes.Status202Accepted) : Problem.Conflict($"replay '{id}' is not running");
    }
}
