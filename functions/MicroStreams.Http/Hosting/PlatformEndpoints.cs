using System.Globalization;
using System.Xml;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.OpenApi.Contracts;

namespace MicroStreams.Http.Hosting;

/// <summary>Health, readiness, Prometheus metrics and the simulated clock.</summary>
internal static class PlatformEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Json(new { status = "ok" }, Problem.Json)).RequireKey(KeyKind.Anonymous)
            .WithTags("Platform").WithSummary("Liveness").Produces<Health>();
        endpoints.MapGet("/readyz", Ready).RequireKey(KeyKind.Anonymous)
            .WithTags("Platform").WithSummary("Readiness: 503 while stopping or pushing back").Produces<Readiness>().ProducesProblems(503);
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath.Path).RequireKey(KeyKind.Function);
        endpoints.MapGet("/api/clock", Clock).RequireKey(KeyKind.Function)
            .WithTags("Platform").WithSummary("The runtime's clock").Produces<ClockReading>();
        endpoints.MapPost("/api/admin/clock/advance", Advance).RequireKey(KeyKind.Admin)
            .Query("by", "string", "How far: a TimeSpan (7.00:00:00) or an ISO 8601 duration (P7D)")
            .WithTags("Platform").WithSummary("Move the simulated clock forward").Produces<ClockReading>().ProducesProblems(400, 409);
    }

    /// <summary>Ready while the server is not stopping and ingest is not pushing back.</summary>
    private static IResult Ready(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var lifetime = http.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready", "the server is shutting down");
        }

        var backlog = serve.Runtime.Backlog();
        return backlog > serve.Options.BacklogLimit
            ? Problem.Of(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready", $"{backlog} events wait to be processed (limit {serve.Options.BacklogLimit})")
            : TypedResults.Json(new { status = "ready", backlog }, Problem.Json);
    }

    private static IResult Clock(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        return TypedResults.Json(new { now = serve.Runtime.Time.GetUtcNow(), simulated = serve.Clock is not null }, Problem.Json);
    }

    /// <summary>Moves the simulated clock forward by <c>by</c>: a .NET TimeSpan (<c>7.00:00:00</c>) or an ISO 8601 duration (<c>P7D</c>).</summary>
    private static IResult Advance(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (serve.Clock is not { } clock)
        {
            return Problem.Conflict("serve runs on real time; start it with --simulated-clock to move the clock");
        }

        var by = http.Request.Query["by"].ToString();
        if (!TryParseDuration(by, out var delta))
        {
            return Problem.BadRequest($"'{by}' is not a duration: use a TimeSpan like 7.00:00:00 or ISO 8601 like P7D or PT90M", "by");
        }

        if (delta < TimeSpan.Zero || delta > TimeSpan.FromDays(3650))
        {
            return Problem.BadRequest("the clock moves forward only, by at most ten years at a time", "by");
        }

        return TypedResults.Json(new { now = clock.Advance(delta), simulated = true }, Problem.Json);
    }

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }
}
