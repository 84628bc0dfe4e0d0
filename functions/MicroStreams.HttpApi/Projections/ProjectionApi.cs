using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MicroStreams.Http.Problems;
using MicroStreams.Projections;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Http.Projections;

/// <summary>
/// The projection handlers over a host's <see cref="IProjectionReader"/>: list the projections (stored and declared by
/// the processors: current version, row count), read one row, scan rows by key prefix with keyset paging. Always the
/// current version: a version being rebuilt is invisible here.
/// </summary>
public static class ProjectionApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static async Task<IResult> ListAsync(Router router, IProjectionReader projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(projections);
        var stored = (await projections.ListAsync(cancellationToken)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var declared = router.Processors.SelectMany(p => p.Spec.Projections.Select(name => (Name: name, Processor: p.Spec.Name))).ToList();
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

    public static async Task<IResult> GetAsync(string name, string key, IProjectionReader projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projections);
        if (!ProjectionChanges.IsValidName(name))
        {
            return BadName(name);
        }

        if (await projections.GetAsync(name, key, cancellationToken) is not { } row)
        {
            return Problem.NotFound($"projection '{name}' has no row '{key}'");
        }

        return Write(writer => WriteRow(writer, row));
    }

    public static async Task<IResult> ScanAsync(HttpRequest request, string name, IProjectionReader projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(projections);
        if (!ProjectionChanges.IsValidName(name))
        {
            return BadName(name);
        }

        var query = request.Query;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problem.BadRequest($"limit must be a whole number from 1 to {MaxLimit}", "limit");
        }

        var prefix = query.TryGetValue("prefix", out var p) ? p.ToString() : string.Empty;
        var after = query.TryGetValue("after", out var a) && a.ToString().Length > 0 ? a.ToString() : null;
        var page = await projections.ScanAsync(name, prefix, after, limit, cancellationToken);
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
