using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
using MicroStreams.Projections;
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
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

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

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var stored = (await serve.Runtime.ListProjectionsAsync(http.RequestAborted)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var declared = serve.Runtime.Router.Processors.SelectMany(p => p.Spec.Projections.Select(name => (Name: name, Processor: p.Spec.Name))).ToList();
        var names = stored.Keys.Concat(declared.Select(d => d.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return TypedResults.Json(new
        {
            projections = names.Select(name => new
            {
                name,
                version = stored.TryGetValue(name, out var info) ? info.Version : 1,
                rows = info?.Rows ?? 0,
                processors = declared.Where(d => d.Name == name).Select(d => d.Processor),
            }),
        }, Problem.Json);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string name, string key)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (!ProjectionChanges.IsValidName(name))
        {
            return BadName(name);
        }

        if (await serve.Runtime.GetProjectionRowAsync(name, key, http.RequestAborted) is not { } row)
        {
            return Problem.NotFound($"projection '{name}' has no row '{key}'");
        }

        return Write(writer => WriteRow(writer, row));
    }

    private static async Task<IResult> ScanAsync(HttpContext http, string name)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        if (!ProjectionChanges.IsValidName(name))
        {
            return BadName(name);
        }

        var query = http.Request.Query;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problem.BadRequest($"limit must be a whole number from 1 to {MaxLimit}", "limit");
        }

        var prefix = query.TryGetValue("prefix", out var p) ? p.ToString() : string.Empty;
        var after = query.TryGetValue("after", out var a) && a.ToString().Length > 0 ? a.ToString() : null;
        var page = await serve.Runtime.ScanProjectionAsync(name, prefix, after, limit, http.RequestAborted);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("projection", name);
            writer.WriteStartArray("rows");
            foreach (var row in page.Rows)
            {
                WriteRow(writer, row);
            }

            writer.WriteEndArray();
            if (page.NextAfter is { } next)
            {
                writer.WriteString("nextAfter", next);
            }
            else
            {
                writer.WriteNull("nextAfter");
            }

            writer.WriteEndObject();
        });
    }

    private static IResult BadName(string name) =>
        Problem.BadRequest($"'{name}' is not a projection name (1-63 of a-z, 0-9 and '_', starting with a letter)", "name");

    // Documents are stored as JSON: written through as they are, not parsed and serialized again.
    private static void WriteRow(Utf8JsonWriter writer, ProjectionRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("key", row.Key);
        writer.WriteString("updatedAt", row.UpdatedAt);
        writer.WritePropertyName("document");
        writer.WriteRawValue(row.Document, skipInputValidation: true);
        writer.WriteEndObject();
    }

    private static IResult Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body(writer);
        }

        return TypedResults.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }
}
