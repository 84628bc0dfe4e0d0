using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
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
    private const string Route = ReplayApi.Route;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, (Delegate)StartAsync).RequireKey(KeyKind.Admin)
            .WithTags("Replays").WithSummary("Start a rebuild or a shadow replay of a processor").Body<ReplayRequest>("application/json")
            .Produces<ReplayView>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409, 413, 415);
        endpoints.MapGet(Route, (Delegate)List).RequireKey(KeyKind.Function)
            .WithTags("Replays").WithSummary("The replays and the rebuilds required").Produces<ReplayList>();
        endpoints.MapGet(Route + "/{id}", Get).RequireKey(KeyKind.Function)
            .WithTags("Replays").WithSummary("One replay's progress (and a shadow's differences)").Produces<ReplayView>().ProducesProblems(404);
        endpoints.MapDelete(Route + "/{id}", Cancel).RequireKey(KeyKind.Admin)
            .WithTags("Replays").WithSummary("Cancel a running replay").Produces<ReplayView>(StatusCodes.Status202Accepted).ProducesProblems(404, 409);
    }

    private static Task<IResult> StartAsync(HttpContext http) => ReplayApi.StartAsync(http.Request, Runner(http), http.RequestAborted);

    private static Task<IResult> List(HttpContext http) => ReplayApi.ListAsync(Runner(http), http.RequestAborted);

    private static Task<IResult> Get(HttpContext http, string id) => ReplayApi.GetAsync(id, Runner(http), http.RequestAborted);

    private static Task<IResult> Cancel(HttpContext http, string id) => ReplayApi.CancelAsync(id, Runner(http), http.RequestAborted);

    private static RuntimeReplayRunner Runner(HttpContext http) => new(http.RequestServices.GetRequiredService<ServeContext>().Runtime);
}
