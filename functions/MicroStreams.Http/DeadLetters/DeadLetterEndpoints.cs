using System.Globalization;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using MicroStreams.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.OpenApi.Contracts;

namespace MicroStreams.Http.DeadLetters;

/// <summary>
/// The dead-letter store over HTTP: list with filters and keyset paging, read one, redrive one or a filtered set,
/// discard. Redriving re-applies a worker's letters to the same key in their original order and lifts its quarantine.
/// </summary>
internal static class DeadLetterEndpoints
{
    private const string Route = "/api/deadletters";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, List).RequireKey(KeyKind.Function).Filters()
            .Query("before", "integer", "Only letters with a smaller id (the next page)").Query("limit", "integer", "Page size, 1 to 500")
            .WithTags("Dead letters").WithSummary("Dead letters, newest first").Produces<DeadLetterPage>().ProducesProblems(400);
        endpoints.MapGet(Route + "/{id:long}", Get).RequireKey(KeyKind.Function)
            .WithTags("Dead letters").WithSummary("One dead letter with its raw record").Produces<DeadLetterDetail>().ProducesProblems(404);
        endpoints.MapPost(Route + "/redrive", (Delegate)RedriveSetAsync).RequireKey(KeyKind.Admin).Filters()
            .WithTags("Dead letters").WithSummary("Redrive every pending letter matching the filters").Produces<RedriveSummary>().ProducesProblems(400);
        endpoints.MapPost(Route + "/{id:long}/redrive", RedriveOneAsync).RequireKey(KeyKind.Admin)
            .WithTags("Dead letters").WithSummary("Redrive one letter (its worker is released)").Produces<RedriveSummary>().ProducesProblems(404, 409);
        endpoints.MapPost(Route + "/{id:long}/discard", Discard).RequireKey(KeyKind.Admin)
            .WithTags("Dead letters").WithSummary("Discard one letter").Produces<DeadLetterDiscarded>().ProducesProblems(404, 409);
        endpoints.MapDelete(Route + "/{id:long}", Discard).RequireKey(KeyKind.Admin)
            .WithTags("Dead letters").WithSummary("Discard one letter").Produces<DeadLetterDiscarded>().ProducesProblems(404, 409);
    }

    /// <summary>The filters the list and the set redrive take.</summary>
    private static RouteHandlerBuilder Filters(this RouteHandlerBuilder route) => route
        .Query("processor", "string", "Only this processor's letters").Query("key", "string", "Only this worker key's letters")
        .Query("kind", "string", "Only letters of this kind", "unparseable", "handlerFailed", "parked", "timerFailed", "effectUndeliverable")
        .Query("status", "string", "Only letters in this status (default pending for redrive)", "pending", "redriven", "discarded");

    public static object Summary(DeadLetter letter) => new
    {
        id = letter.Id,
        kind = letter.Kind,
        status = letter.Status,
        partition = letter.Partition,
        sequence = letter.Sequence,
        processor = letter.Processor,
        key = letter.Key,
        eventId = letter.EventId,
        eventType = letter.EventType,
        reason = letter.Reason,
        attempts = letter.Attempts,
        createdAt = letter.CreatedAt,
    };

    private static IResult List(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (!TryReadQuery(http.Request.Query, out var query, out var problem))
        {
            return problem!;
        }

        var page = serve.Runtime.DeadLetters(query);
        string? next = null;
        if (page.Count == query.Limit && page.Count > 0)
        {
            var parameters = http.Request.Query.Where(q => q.Key is not ("before" or ApiKeys.QueryName))
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"before={page[^1].Id.ToString(CultureInfo.InvariantCulture)}");
            next = $"{Route}?{string.Join('&', parameters)}";
        }

        return TypedResults.Json(new { items = page.Select(Summary), next }, Problem.Json);
    }

    private static IResult Get(HttpContext http, long id)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (serve.Runtime.FindDeadLetter(id) is not { } letter)
        {
            return Problem.NotFound($"there is no dead letter {id}");
        }

        return TypedResults.Json(new
        {
            letter.Id,
            letter.Kind,
            letter.Status,
            letter.Partition,
            letter.Sequence,
            letter.Processor,
            letter.Key,
            letter.EventId,
            letter.EventType,
            letter.Reason,
            letter.Attempts,
            letter.CreatedAt,
            raw = Inspection.Json.Show(letter.Raw),
        }, Problem.Json);
    }

    private static async Task<IResult> RedriveOneAsync(HttpContext http, long id)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (serve.Runtime.FindDeadLetter(id) is not { } letter)
        {
            return Problem.NotFound($"there is no dead letter {id}");
        }

        if (letter.Status != DeadLetterStatus.Pending)
        {
            return Problem.Conflict($"dead letter {id} is already {letter.Status.ToString().ToLowerInvariant()}");
        }

        if (letter.Processor is not { } processor || letter.Key is not { } key)
        {
            return Problem.Conflict($"dead letter {id} is a {letter.Kind} record that reached no worker: there is nothing to re-apply it to; discard it");
        }

        // A worker's letters are re-applied together and in order: redriving one alone would break per-key order.
        var redriven = await serve.Runtime.RedriveAsync(new WorkerId(processor, key), http.RequestAborted);
        return TypedResults.Json(new RedriveSummary(1, redriven, 0), Problem.Json);
    }

    private static async Task<IResult> RedriveSetAsync(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (!TryReadQuery(http.Request.Query, out var query, out var problem))
        {
            return problem!;
        }

        return TypedResults.Json(await serve.Runtime.RedriveWhereAsync(query, http.RequestAborted), Problem.Json);
    }

    private static IResult Discard(HttpContext http, long id)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (serve.Runtime.FindDeadLetter(id) is not { } letter)
        {
            return Problem.NotFound($"there is no dead letter {id}");
        }

        return serve.Runtime.DiscardDeadLetter(id)
            ? TypedResults.Json(new { id, status = DeadLetterStatus.Discarded }, Problem.Json)
            : Problem.Conflict($"dead letter {id} is already {letter.Status.ToString().ToLowerInvariant()}");
    }

    private static bool TryReadQuery(IQueryCollection q, out DeadLetterQuery query, out IResult? problem)
    {
        query = new DeadLetterQuery();
        problem = null;
        if (q.TryGetValue("kind", out var kind) && !string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<DeadLetterKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(kind, out _))
            {
                problem = Problem.BadRequest($"'{kind}' is not a kind: {string.Join(", ", Enum.GetNames<DeadLetterKind>())}", "kind");
                return false;
            }

            query = query with { Kind = parsed };
        }

        if (q.TryGetValue("status", out var status) && !string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DeadLetterStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                problem = Problem.BadRequest($"'{status}' is not a status: {string.Join(", ", Enum.GetNames<DeadLetterStatus>())}", "status");
                return false;
            }

            query = query with { Status = parsed };
        }

        if (q.TryGetValue("before", out var before) && !string.IsNullOrEmpty(before))
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                problem = Problem.BadRequest($"'{before}' is not a dead-letter id", "before");
                return false;
            }

            query = query with { BeforeId = id };
        }

        if (q.TryGetValue("limit", out var limit) && !string.IsNullOrEmpty(limit))
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 1000)
            {
                problem = Problem.BadRequest($"'{limit}' is not a page size between 1 and 1000", "limit");
                return false;
            }

            query = query with { Limit = n };
        }

        var processor = q["processor"].ToString();
        var key = q["key"].ToString();
        query = query with
        {
            Processor = string.IsNullOrEmpty(processor) ? null : processor,
            Key = string.IsNullOrEmpty(key) ? null : key,
        };
        return true;
    }
}
