using System.Globalization;
using MicroStreams.Embedded;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
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
    private const string Route = DeadLetterApi.Route;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (Delegate)List).RequireKey(KeyKind.Function).Filters()
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

    private static Task<IResult> List(HttpContext http) => DeadLetterApi.ListAsync(http.Request, Desk(http), http.RequestAborted);

    private static Task<IResult> Get(HttpContext http, long id) => DeadLetterApi.GetAsync(Id(id), Desk(http), http.RequestAborted);

    private static Task<IResult> RedriveOneAsync(HttpContext http, long id) => DeadLetterApi.RedriveOneAsync(Id(id), Desk(http), http.RequestAborted);

    private static Task<IResult> RedriveSetAsync(HttpContext http) => DeadLetterApi.RedriveSetAsync(http.Request, Desk(http), http.RequestAborted);

    private static Task<IResult> Discard(HttpContext http, long id) => DeadLetterApi.DiscardAsync(Id(id), Desk(http), http.RequestAborted);

    private static RuntimeDeadLetterDesk Desk(HttpContext http) => new(http.RequestServices.GetRequiredService<ServeContext>().Runtime);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
