using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;

namespace MicroStreams.Http.OpenApi;

/// <summary>
/// Serves the hand-written OpenAPI 3.0 document of the HTTP contract (shared with the Functions app) at
/// <c>/api/openapi.json</c>. Hand-written so that it states the contract, problem details included; a test checks
/// that it names every mapped route.
/// </summary>
internal static class OpenApiEndpoint
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream("openapi.json")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/openapi.json", () => TypedResults.Bytes(Document.Value, "application/json")).RequireKey(KeyKind.Anonymous);
}
