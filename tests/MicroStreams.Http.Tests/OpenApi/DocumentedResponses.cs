using System.Text.Json;
using Json.Schema;

namespace MicroStreams.Http.Tests.OpenApi;

/// <summary>
/// Checks a real answer against the OpenAPI document: its status is documented for the operation, its content type
/// too, and a JSON body validates against the documented schema (JSON Schema 2020-12, as OpenAPI 3.1 uses, by JsonSchema.Net).
/// </summary>
public sealed class DocumentedResponses
{
    private static readonly Uri Base = new("https://microstreams.test/openapi.json");
    private readonly JsonElement _document;
    private readonly BuildOptions _build;

    public DocumentedResponses(JsonElement document)
    {
        _document = document;
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(document, Base));
        _build = new BuildOptions { SchemaRegistry = registry };
    }

    /// <summary>Null when the answer is as documented, else what differs.</summary>
    public string? Check(string method, string template, int status, string? mediaType, string body)
    {
        var name = $"{method} {template} → {status}";
        if (!_document.GetProperty("paths").TryGetProperty(template, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            return $"{method} {template} is not in the document";
        }

        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response))
        {
            return $"{name} is not a documented status";
        }

        if (status == 204)
        {
            return body.Length == 0 ? null : $"{name} has a body";
        }

        if (mediaType is null || !response.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out var media))
        {
            return $"{name} answered {mediaType}, which is not documented";
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return null;
        }

        if (!media.TryGetProperty("schema", out _))
        {
            return $"{name} has no schema for {mediaType}";
        }

        var pointer = string.Join('/', new[] { "paths", template, method.ToLowerInvariant(), "responses", status.ToString(System.Globalization.CultureInfo.InvariantCulture), "content", mediaType, "schema" }
            .Select(segment => Uri.EscapeDataString(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        var schema = JsonSchema.FromText($$"""{"$ref":"{{Base}}#/{{pointer}}"}""", _build);
        using var parsed = JsonDocument.Parse(body);
        var result = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        return $"{name} does not match its schema: {string.Join("; ", errors)} in {body[..Math.Min(body.Length, 400)]}";
    }
}
