using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MicroStreams.Http.OpenApi;

/// <summary>
/// Adds what routing cannot see because the handlers read the request themselves: query parameters, request bodies
/// (see <see cref="ApiMetadata.Body{TBody}"/>), and <c>Content-Encoding</c> on gzip routes.
/// </summary>
internal static class Parameters
{
    public static async Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var body in metadata.OfType<ApiMetadata.RequestBody>())
        {
            var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
            var request = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = true };
            request.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            foreach (var contentType in body.ContentTypes)
            {
                request.Content[contentType] = new OpenApiMediaType { Schema = schema };
            }

            operation.RequestBody = request;
        }

        foreach (var query in metadata.OfType<ApiMetadata.QueryParameter>())
        {
            (operation.Parameters ??= []).Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Description = query.Description,
                Schema = Schema(query.Type, query.Values),
            });
        }

        if (metadata.OfType<ApiMetadata.GzipBody>().Any())
        {
            (operation.Parameters ??= []).Add(new OpenApiParameter
            {
                Name = "Content-Encoding",
                In = ParameterLocation.Header,
                Description = "gzip when the body is compressed (as Segment's and RudderStack's SDKs send it)",
                Schema = Schema("string", ["gzip", "identity"]),
            });
        }
    }

    private static OpenApiSchema Schema(string type, IReadOnlyList<string> values) => new()
    {
        Type = type switch
        {
            "integer" => JsonSchemaType.Integer,
            "boolean" => JsonSchemaType.Boolean,
            _ => JsonSchemaType.String,
        },
        Format = type == "integer" ? "int64" : type == "date-time" ? "date-time" : null,
        Enum = values.Count == 0 ? null : [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };
}
