using MicroStreams.Http.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MicroStreams.Http.OpenApi;

namespace MicroStreams.Http.Hosting;

/// <summary>Puts a key requirement on an endpoint: checked before the handler runs, answered with 401 or 403 problems.</summary>
internal static class KeyFilter
{
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, KeyKind kind)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new KeyRequirement(kind));
        if (kind != KeyKind.Anonymous)
        {
            builder.ProducesProblems(kind == KeyKind.Admin ? [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden] : [StatusCodes.Status401Unauthorized]);
        }

        builder.AddEndpointFilter(async (context, next) =>
        {
            var serve = context.HttpContext.RequestServices.GetRequiredService<ServeContext>();
            return serve.Keys.Check(context.HttpContext, kind) ?? await next(context);
        });
        return builder;
    }

    /// <summary>Endpoint metadata naming the key a route needs (the OpenAPI test reads it).</summary>
    public sealed record KeyRequirement(KeyKind Kind);
}
