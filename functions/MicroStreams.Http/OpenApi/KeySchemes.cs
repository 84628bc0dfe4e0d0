using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MicroStreams.Http.OpenApi;

/// <summary>The API keys as OpenAPI security schemes, and each operation's requirement from its route's <see cref="KeyFilter.KeyRequirement"/>.</summary>
internal static class KeySchemes
{
    private const string FunctionKey = "functionKey";
    private const string FunctionKeyQuery = "functionKeyQuery";
    private const string AdminKey = "adminKey";
    private const string AdminKeyQuery = "adminKeyQuery";
    private const string WriteKey = "writeKey";

    public static Dictionary<string, IOpenApiSecurityScheme> All() => new(StringComparer.Ordinal)
    {
        [FunctionKey] = Scheme(ParameterLocation.Header, ApiKeys.HeaderName, "The function key"),
        [FunctionKeyQuery] = Scheme(ParameterLocation.Query, ApiKeys.QueryName, "The function key"),
        [AdminKey] = Scheme(ParameterLocation.Header, ApiKeys.HeaderName, "The admin key (admin routes; also accepted wherever the function key is)"),
        [AdminKeyQuery] = Scheme(ParameterLocation.Query, ApiKeys.QueryName, "The admin key"),
        [WriteKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "Segment's write key as the user name with an empty password; the function key is the write key",
        },
    };

    public static Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var kind = metadata.OfType<KeyFilter.KeyRequirement>().LastOrDefault()?.Kind ?? KeyKind.Anonymous;
        var schemes = kind switch
        {
            KeyKind.Admin => [AdminKey, AdminKeyQuery],
            KeyKind.Function when context.Description.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true => [WriteKey, FunctionKey, FunctionKeyQuery],
            KeyKind.Function => [FunctionKey, FunctionKeyQuery],
            _ => Array.Empty<string>(),
        };
        operation.Security = [.. schemes.Select(name => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] })];
        return Task.CompletedTask;
    }

    private static OpenApiSecurityScheme Scheme(ParameterLocation location, string name, string description) =>
        new() { Type = SecuritySchemeType.ApiKey, In = location, Name = name, Description = description };
}
