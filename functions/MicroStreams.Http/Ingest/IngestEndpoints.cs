using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MicroStreams.Http.OpenApi;
using MicroStreams.Http.OpenApi.Contracts;

namespace MicroStreams.Http.Ingest;

/// <summary>
/// <c>POST /api/events</c> (CloudEvents structured, batch and binary modes) and the Segment-compatible <c>/v1/*</c>
/// routes. Every request is all-or-nothing and answered only once its events are durable.
/// </summary>
internal static class IngestEndpoints
{
    private static readonly string[] SegmentCalls = ["track", "identify", "page", "screen", "group", "alias"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/events", (Delegate)EventsAsync).RequireKey(KeyKind.Function)
            .WithTags("Ingest").WithSummary("Append CloudEvents (structured, batch or binary mode); all or none")
            .Body<CloudEvent>("application/cloudevents+json", "application/json").Body<CloudEvent[]>("application/cloudevents-batch+json")
            .Produces<IngestReceiptDto>().ProducesProblems(400, 413, 415, 429);
        endpoints.MapPost("/v1/batch", (Delegate)((HttpContext http) => SegmentAsync(http, null))).RequireKey(KeyKind.Function)
            .WithTags("Segment").WithSummary("Append a Segment/RudderStack batch").Body<SegmentBatch>("application/json")
            .AcceptsGzip().Produces<SegmentAck>().ProducesProblems(400, 413, 415, 429);
        foreach (var call in SegmentCalls)
        {
            endpoints.MapPost($"/v1/{call}", (Delegate)((HttpContext http) => SegmentAsync(http, call))).RequireKey(KeyKind.Function)
                .WithTags("Segment").WithSummary($"Append one Segment {call} call").Body<SegmentMessage>("application/json")
                .AcceptsGzip().Produces<SegmentAck>().ProducesProblems(400, 413, 415, 429);
        }
    }

    private static async Task<IResult> EventsAsync(HttpContext http)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var result = await Api(serve).CloudEventsAsync(http.Request, new RuntimeEventSink(serve.Runtime, serve.Options, serve.Metrics), http.RequestAborted);
        serve.Metrics.Request("/api/events", StatusOf(result));
        return result;
    }

    private static async Task<IResult> SegmentAsync(HttpContext http, string? call)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var result = await Api(serve).SegmentAsync(http.Request, call, new RuntimeEventSink(serve.Runtime, serve.Options, serve.Metrics), http.RequestAborted);
        serve.Metrics.Request(http.Request.Path, StatusOf(result));
        return result;
    }

    private static IngestApi Api(ServeContext serve) =>
        new(new IngestLimits { MaxRequestBytes = serve.Options.MaxRequestBytes, MaxEventBytes = serve.Options.MaxEventBytes }, serve.Runtime.Time);

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status200OK;

    internal sealed record PositionDto(int Partition, long Sequence);

    internal sealed record IngestReceiptDto(int Accepted, int Duplicates, PositionDto?[] Positions);
}
