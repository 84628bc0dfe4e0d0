using System.Text;
using MicroStreams.Examples.Tenants;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Examples.Embedded.Tenants;

/// <summary>
/// The push tenants' destinations over HTTP: list, read one, replace one, delete one. Mapped as the embedded host's
/// admin routes, so the admin key is required (URLs may carry secrets). A write applies on this server at once and on
/// other instances within their refresh interval.
/// </summary>
internal static class TenantEndpoints
{
    private const string Route = "/api/tenants";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (Delegate)ListAsync)
            .WithTags("Tenants").WithSummary("The push tenants and their webhook destinations").Produces<TenantListing>();
        endpoints.MapGet(Route + "/{tenant}", GetAsync)
            .WithTags("Tenants").WithSummary("One tenant").Produces<TenantDestinations>().ProducesProblems(400, 404);
        endpoints.MapPut(Route + "/{tenant}", PutAsync)
            .WithTags("Tenants").WithSummary("Create or replace a tenant's destinations").Body<TenantConfiguration>("application/json")
            .Produces<TenantStored>().Produces<TenantStored>(StatusCodes.Status201Created).ProducesProblems(400, 413);
        endpoints.MapDelete(Route + "/{tenant}", DeleteAsync)
            .WithTags("Tenants").WithSummary("Delete a tenant").Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 404);
    }

    private static async Task<IResult> ListAsync(HttpContext http) =>
        Json(await Admin(http).ListJsonAsync(http.RequestAborted));

    private static async Task<IResult> GetAsync(HttpContext http, string tenant)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return BadTenant();
        }

        return await Admin(http).GetJsonAsync(tenant, http.RequestAborted) is { } json ? Json(json) : NotFound(tenant);
    }

    private static async Task<IResult> PutAsync(HttpContext http, string tenant)
    {
        var body = await ReadBodyAsync(http.Request, TenantRules.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Problem.TooLarge($"a tenant's configuration is at most {TenantRules.MaxBodyBytes} bytes");
        }

        var write = await Admin(http).PutAsync(tenant, body, http.RequestAborted);
        switch (write.Outcome)
        {
            case TenantWriteOutcome.Invalid:
                return Problem.Of(StatusCodes.Status400BadRequest, "bad-tenant", "The tenant configuration is not valid",
                    $"{write.Problems.Count} problem(s) with tenant '{tenant}'; nothing was stored",
                    [.. write.Problems.Select(p => new ProblemError(p.Index, p.Field, p.Reason))]);
            case TenantWriteOutcome.Created:
                http.Response.Headers.Location = $"{Route}/{tenant}";
                return Json(write.Json!, StatusCodes.Status201Created);
            default:
                return Json(write.Json!);
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string tenant)
    {
        if (!TenantRules.IsValidTenant(tenant))
        {
            return BadTenant();
        }

        return await Admin(http).DeleteAsync(tenant, http.RequestAborted) ? TypedResults.NoContent() : NotFound(tenant);
    }

    /// <summary>The whole body, or null when it is over <paramref name="limit"/> bytes (declared or sent).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var copy = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > limit)
            {
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static TenantAdmin Admin(HttpContext http) => http.RequestServices.GetRequiredService<TenantAdmin>();

    private static IResult BadTenant() => Problem.BadRequest(TenantRules.TenantRule, "tenant");

    private static IResult NotFound(string tenant) => Problem.NotFound($"there is no tenant '{tenant}'");

    private static IResult Json(byte[] json, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(Encoding.UTF8.GetString(json), "application/json", Encoding.UTF8, status);
}
