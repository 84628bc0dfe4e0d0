using MicroStreams.Http.Auth;
using MicroStreams.Http.Dashboard.Answers;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Dashboard;

/// <summary>A processor's workers, a page at a time in key order, searched by key prefix.</summary>
internal static class WorkerListEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/processors/{name}/workers", (Delegate)ListAsync).RequireKey(KeyKind.Function)
            .WithName("ListWorkers").Produces<WorkerList>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(HttpContext http, string name)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (serve.Runtime.Router.Find(name) is null)
        {
            return Problem.NotFound($"there is no processor named '{name}'");
        }

        if (!QueryValues.TryLong(http.Request.Query, "limit", 1, 500, 50, out var limit, out var problem))
        {
            return problem!;
        }

        var prefix = QueryValues.Text(http.Request.Query, "prefix") ?? string.Empty;
        var page = await serve.Runtime.WorkersAsync(name, prefix, QueryValues.Text(http.Request.Query, "after"), (int)limit!.Value, http.RequestAborted);
        return TypedResults.Json(new WorkerList(name, prefix, page.Matching, page.Items, page.NextAfter), Problem.Json);
    }
}
