using Microsoft.OpenApi;

namespace MicroStreams.Http.OpenApi;

/// <summary>
/// <c>GET /metrics</c> in the document: OpenTelemetry maps the Prometheus endpoint as a plain request delegate, which
/// ASP.NET Core's API description does not see.
/// </summary>
internal static class MetricsPath
{
    public const string Path = "/metrics";

    public static void Add(Microsoft.OpenApi.OpenApiDocument document)
    {
        var problem = new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(Problems.ProblemDocument), document) };
        var operation = new OpenApiOperation
        {
            Summary = "The meters in the Prometheus text format (OpenTelemetry's exporter)",
            Tags = new HashSet<OpenApiTagReference> { new("Platform", document) },
            Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("functionKey", document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("functionKeyQuery", document)] = [] },
            ],
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "Prometheus text exposition format 0.0.4 (OpenMetrics when asked for)",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["application/openmetrics-text"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
                ["401"] = new OpenApiResponse { Description = "No key, or a key this server does not know", Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/problem+json"] = problem } },
            },
        };
        document.Paths ??= [];
        document.Paths[Path] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
