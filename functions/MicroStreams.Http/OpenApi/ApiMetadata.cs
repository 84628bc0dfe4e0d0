using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace MicroStreams.Http.OpenApi;

/// <summary>
/// What a route states about itself for the generated OpenAPI document, beside its handler: problem answers, query
/// parameters read from the query string, and gzip bodies. Response and request types use ASP.NET Core's own
/// <c>Produces</c>/<c>Accepts</c>.
/// </summary>
public static class ApiMetadata
{
    /// <summary>The route can answer these statuses with an RFC 7807 problem document.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDocument), [Problem.ContentType]));
        }

        return builder;
    }

    /// <summary>A query parameter the handler reads from the query string (<paramref name="type"/> is a JSON Schema type).</summary>
    public static TBuilder Query<TBuilder>(this TBuilder builder, string name, string type, string description, params string[] values)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameter(name, type, description, values));

    /// <summary>The body may come gzip-compressed (<c>Content-Encoding: gzip</c>), as Segment's and RudderStack's SDKs send it.</summary>
    public static TBuilder AcceptsGzip<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new GzipBody());

    /// <summary>
    /// The body the handler reads itself, in these content types. Not ASP.NET Core's <c>Accepts</c>: that would make
    /// routing refuse other content types with a bare 415, where the handlers answer with a problem that says why
    /// (and ingest takes binary-mode CloudEvents of any content type).
    /// </summary>
    public static RouteHandlerBuilder Body<TBody>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new RequestBody(typeof(TBody), contentTypes));

    /// <summary>A successful answer that is not JSON (the dashboard's files, Prometheus text).</summary>
    public static TBuilder ProducesText<TBuilder>(this TBuilder builder, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), contentTypes));

    internal sealed record QueryParameter(string Name, string Type, string Description, IReadOnlyList<string> Values);

    internal sealed record GzipBody;

    internal sealed record RequestBody(Type Type, IReadOnlyList<string> ContentTypes);
}
