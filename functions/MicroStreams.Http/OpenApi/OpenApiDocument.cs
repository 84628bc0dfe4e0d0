using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MicroStreams.Http.OpenApi;

/// <summary>
/// The OpenAPI document, generated from the mapped endpoints (Microsoft.AspNetCore.OpenApi) at <c>/api/openapi.json</c>,
/// and an API reference page over it at <c>/api/docs</c> (Scalar, whose script ships inside its package: no CDN).
/// The transformers add what routing cannot know: the key schemes, the query parameters handlers read themselves,
/// and gzip bodies.
/// </summary>
internal static class OpenApiDocument
{
    public const string Path = "/api/openapi.json";
    public const string ReferencePath = "/api/docs";

    public static void Add(IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MicroStreams",
                    Version = "1",
                    Description = "Ingest CloudEvents or Segment calls, inspect processors, workers, partitions and dead letters, " +
                        "read projections, run replays and edit tenants. Errors are RFC 7807 problem documents. Keys: x-functions-key or ?code=.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = KeySchemes.All();
                MetricsPath.Add(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(KeySchemes.Apply);
            options.AddOperationTransformer(Parameters.Apply);
        });

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Path).RequireKey(KeyKind.Anonymous);
        endpoints.MapScalarApiReference(ReferencePath, scalar => scalar.WithTitle("MicroStreams API").WithOpenApiRoutePattern(Path)).RequireKey(KeyKind.Anonymous);
    }
}
