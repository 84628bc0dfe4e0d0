using System.Globalization;
using System.Text.Json;
using MicroStreams.Projections;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MicroStreams.Functions.Http;

/// <summary>The projection routes on the Azure host, the same contract as the embedded one, over the Table storage store.</summary>
public sealed class ProjectionsApi(IProjectionReader projections, Router router)
{
    private const int MaxLimit = 1000;

    public async Task<IActionResult> ListAsync(CancellationToken cancellationToken)
    {
        var stored = (await projections.ListAsync(cancellationToken)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var declared = router.Processors.SelectMany(p => p.Spec.Projections.Select(name => (Name: name, Processor: p.Spec.Name))).ToList();
        return new OkObjectResult(new
        {
            projections = stored.Keys.Concat(declared.Select(d => d.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name => new
            {
                name,
                version = stored.TryGetValue(name, out var info) ? info.Version : 1,
                rows = info?.Rows ?? 0,
                processors = declared.Where(d => d.Name == name).Select(d => d.Processor),
            }),
        });
    }

    public async Task<IActionResult> GetAsync(string name, string key, CancellationToken cancellationToken)
    {
        if (!ProjectionChanges.IsValidName(name))
        {
            return BadName(name);
        }

        return await projections.GetAsync(name, key, cancellationToken) is { } row
            ? new OkObjectResult(Show(row))
            : Problems.NotFound($"projection '{name}' has no row '{key}'");
    }

    public async Task<IActionResult> ScanAsync(HttpRequest request, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ProjectionChanges.IsValidName(name))
        {
            return BadName(name);
        }

        var limit = 100;
        if (request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.BadRequest($"limit must be a whole number from 1 to {MaxLimit}", "limit");
        }

        var prefix = request.Query.TryGetValue("prefix", out var p) ? p.ToString() : string.Empty;
        var after = request.Query.TryGetValue("after", out var a) && a.ToString().Length > 0 ? a.ToString() : null;
        var page = await projections.ScanAsync(name, prefix, after, limit, cancellationToken);
        return new OkObjectResult(new { projection = name, rows = page.Rows.Select(Show), nextAfter = page.NextAfter });
    }

    private static ObjectResult BadName(string name) =>
        Problems.BadRequest($"'{name}' is not a projection name (1-63 of a-z, 0-9 and '_', starting with a letter)", "name");

    private static object Show(ProjectionRow row)
    {
        using var document = JsonDocument.Parse(row.Document);
        return new { key = row.Key, updatedAt = row.UpdatedAt, document = document.RootElement.Clone() };
    }
}
