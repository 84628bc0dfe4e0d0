using System.Text;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Dashboard;

/// <summary>The pages processors add to the dashboard (<see cref="DashboardPage"/>): their list for the nav, and each one's script.</summary>
internal static class DashboardPageEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.ServiceProvider.GetServices<DashboardPage>().GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => g.Last()).ToArray();
        var list = pages.Select(p => new DashboardPageLink(p.Name, p.Title)).ToArray();
        var scripts = pages.ToDictionary(p => p.Name, p => Encoding.UTF8.GetBytes(p.Script), StringComparer.Ordinal);
        endpoints.MapGet("/dashboard/pages", () => TypedResults.Json(list, Problem.Json)).RequireKey(KeyKind.Anonymous)
            .WithTags("Dashboard").WithSummary("The pages processors add to the dashboard").Produces<DashboardPageLink[]>();
        endpoints.MapGet("/dashboard/pages/{name}", (string name) => scripts.TryGetValue(name, out var script)
                ? TypedResults.Bytes(script, "text/javascript; charset=utf-8")
                : Problem.NotFound($"the dashboard has no page '{name}'"))
            .RequireKey(KeyKind.Anonymous)
            .WithTags("Dashboard").WithSummary("The script of one added page").ProducesText("text/javascript").ProducesProblems(404);
    }

    internal sealed record DashboardPageLink(string Name, string Title);
}
