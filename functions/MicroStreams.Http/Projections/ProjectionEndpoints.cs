using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.OpenApi.Contracts;

namespace MicroStreams.Http.Projections;

/// <summary>
/// The projections over HTTP: list them (current version, row count), read one row, scan rows by key prefix with keyset
/// paging. Always the current version: a version being rebuilt is invisible here.
/// </summary>
internal static class ProjectionEndpoints
{
    private const string Route = "/api/projections";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (Delegate)ListAsync).RequireKey(KeyKind.Function)
            .WithTags("Projections").WithSummary("The projections, their current versions and row counts").Produces<ProjectionList>();
        endpoints.MapGet(Route + "/{name}/rows", ScanAsync).RequireKey(KeyKind.Function)
            .Query("prefix", "string", "Only rows whose key starts with this").Query("after", "string", "Only rows after this key (the next page)")
            .Query("limit", "integer", "Page size")
            .WithTags("Projections").WithSummary("A page of a projection's rows in key order").Produces<ProjectionRowsPage>().ProducesProblems(400);
        endpoints.MapGet(Route + "/{name}/rows/{**key}", GetAsync).RequireKey(KeyKind.Function)
            .WithTags("Projections").WithSummary("One row").Produces<ProjectionRowDocument>().ProducesProblems(400, 404);
    }

    private static Task<IResult> ListAsync(HttpContext http)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        return ProjectionApi.ListAsync(runtime.Router, runtime.Projections, http.RequestAborted);
    }

    private static Task<IResult> GetAsync(HttpContext http, string name, string key) =>
        ProjectionApi.GetAsync(name, key, http.RequestServices.GetRequiredService<ServeContext>().Runtime.Projections, http.RequestAborted);

    private static Task<IResult> ScanAsync(HttpContext http, string name) =>
        ProjectionApi.ScanAsync(http.Request, name, http.RequestServices.GetRequiredService<ServeContext>().Runtime.Projections, http.RequestAborted);
}
