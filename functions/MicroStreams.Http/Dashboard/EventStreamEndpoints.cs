using System.Globalization;
using System.Text.Json;
using MicroStreams.Embedded.Dashboard;
using MicroStreams.Events;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Dashboard.Answers;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Dashboard;

/// <summary>The live event stream: the latest events of the log (filtered by type and subject) and one event with the workers it reached.</summary>
internal static class EventStreamEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/events", List).RequireKey(KeyKind.Function)
            .WithName("ListEvents").Produces<EventList>().ProducesProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/api/events/{partition}/{sequence}", (Delegate)GetAsync).RequireKey(KeyKind.Function)
            .WithName("GetEvent").Produces<EventDetailAnswer>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult List(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var query = http.Request.Query;
        if (!QueryValues.TryLong(query, "limit", 1, 500, 50, out var limit, out var problem)
            || !QueryValues.TryLong(query, "partition", 0, serve.Runtime.Options.Partitions - 1, null, out var partition, out problem))
        {
            return problem!;
        }

        if (!TryReadAfter(QueryValues.Text(query, "after"), serve.Runtime.Options.Partitions, out var after))
        {
            return Problem.BadRequest("'after' must be the 'after' of a previous answer: partition:sequence pairs separated by commas", "after");
        }

        var page = serve.Runtime.LatestEvents(new EventStreamQuery
        {
            Type = QueryValues.Text(query, "type"),
            Subject = QueryValues.Text(query, "subject"),
            Partition = (int?)partition,
            Limit = (int)limit!.Value,
            After = after,
        });
        var heads = string.Join(',', page.Heads.OrderBy(h => h.Key).Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key}:{h.Value}")));
        return TypedResults.Json(new EventList([.. page.Items.Select(EventItem.Of)], heads), Problem.Json);
    }

    private static bool TryReadAfter(string? text, int partitions, out Dictionary<int, long>? after)
    {
        after = null;
        if (text is null)
        {
            return true;
        }

        after = [];
        foreach (var pair in text.Split(','))
        {
            var parts = pair.Split(':');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition) || partition >= partitions
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !after.TryAdd(partition, sequence))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<IResult> GetAsync(HttpContext http, string partition, string sequence)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (!int.TryParse(partition, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p >= serve.Runtime.Options.Partitions)
        {
            return Problem.BadRequest($"the partition must be a whole number from 0 to {serve.Runtime.Options.Partitions - 1}, not '{partition}'", "partition");
        }

        if (!long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s < 1)
        {
            return Problem.BadRequest($"the sequence must be a whole number from 1, not '{sequence}'", "sequence");
        }

        if (await serve.Runtime.EventDetailAsync(new EventPosition(p, s), http.RequestAborted) is not { } detail)
        {
            return Problem.NotFound($"the log has no event at partition {p}, sequence {s}");
        }

        using var cloudEvent = JsonDocument.Parse(detail.Event.Raw);
        return TypedResults.Json(
            new EventDetailAnswer(EventItem.Of(detail.Event), cloudEvent.RootElement.Clone(), [.. detail.Reached.Select(ReachItem.Of)]),
            Problem.Json);
    }
}
