using MicroStreams.Embedded.Dashboard;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Dashboard.Answers;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Dashboard;

/// <summary>Every worker's effects with where their delivery is, and the queue and backoff per destination.</summary>
internal static class EffectEndpoints
{
    private const string Route = "/api/effects";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, List).RequireKey(KeyKind.Function)
            .WithName("ListEffects").Produces<EffectList>().ProducesProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet(Route + "/destinations", Destinations).RequireKey(KeyKind.Function)
            .WithName("ListEffectDestinations").Produces<DestinationList>();
    }

    private static IResult List(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var query = http.Request.Query;
        if (!QueryValues.TryEnum<EffectState>(query, "state", out var state, out var problem)
            || !QueryValues.TryLong(query, "limit", 1, 500, 50, out var limit, out problem)
            || !QueryValues.TryLong(query, "before", 1, long.MaxValue, null, out var before, out problem))
        {
            return problem!;
        }

        var processor = QueryValues.Text(query, "processor");
        var target = QueryValues.Text(query, "target");
        var page = serve.Runtime.Effects(new EffectQuery { State = state, Processor = processor, Target = target, Before = before, Limit = (int)limit!.Value });
        string? next = null;
        if (page.Count == limit && page.Count > 0)
        {
            var parameters = new QueryBuilder { { "before", page[^1].Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            AddIf(parameters, "state", QueryValues.Text(query, "state"));
            AddIf(parameters, "processor", processor);
            AddIf(parameters, "target", target);
            next = Route + parameters.ToQueryString();
        }

        return TypedResults.Json(new EffectList([.. page.Select(EffectItem.Of)], next), Problem.Json);
    }

    private static IResult Destinations(HttpContext http)
    {
        var runtime = http.RequestServices.GetRequiredService<ServeContext>().Runtime;
        return TypedResults.Json(new DestinationList(runtime.Time.GetUtcNow(), [.. runtime.DestinationQueues().Select(DestinationItem.Of)]), Problem.Json);
    }

    private static void AddIf(QueryBuilder query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add(name, value);
        }
    }
}
