using System.Globalization;
using System.Text.Json;
using MicroStreams.Embedded;
using MicroStreams.Http.Auth;
using MicroStreams.Http.Hosting;
using MicroStreams.Http.Problems;
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
        var result = await IngestEventsAsync(http, serve);
        serve.Metrics.Request("/api/events", StatusOf(result));
        return result;
    }

    private static async Task<IResult> IngestEventsAsync(HttpContext http, ServeContext serve)
    {
        if (Backpressure(http, serve) is { } busy)
        {
            return busy;
        }

        var mode = CloudEventsHttp.ModeOf(http.Request);
        if (mode == CloudEventsHttp.Mode.Unsupported)
        {
            return Problem.UnsupportedMediaType(
                $"'{http.Request.ContentType}' is not a CloudEvents mode: send {CloudEventsHttp.Structured} (one event), {CloudEventsHttp.Batch} (an array), or the data with ce-* headers (binary mode)");
        }

        using var body = await RequestBody.ReadAsync(http.Request, serve.Options.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            return Problem.TooLarge($"the request body is over the limit of {serve.Options.MaxRequestBytes} bytes");
        }

        IResult? problem = null;
        IReadOnlyList<ReadOnlyMemory<byte>>? events = mode switch
        {
            CloudEventsHttp.Mode.Structured => [body.Memory],
            CloudEventsHttp.Mode.Batch => CloudEventsHttp.SplitBatch(body.Memory, out problem),
            _ => CloudEventsHttp.FromBinary(http.Request, body.Memory, out problem) is { } one ? [one] : null,
        };
        return events is null ? problem! : await AppendAsync(http, serve, events);
    }

    private static async Task<IResult> SegmentAsync(HttpContext http, string? call)
    {
        var serve = http.RequestServices.GetRequiredService<ServeContext>();
        var result = await IngestSegmentAsync(http, serve, call);
        serve.Metrics.Request(http.Request.Path, StatusOf(result));
        return result;
    }

    private static async Task<IResult> IngestSegmentAsync(HttpContext http, ServeContext serve, string? call)
    {
        if (Backpressure(http, serve) is { } busy)
        {
            return busy;
        }

        // A gzipped body is JSON whatever its label: Node SDKs built on axios (RudderStack's) send the compressed
        // Buffer as application/x-www-form-urlencoded, and Segment's API reads it all the same.
        if (!RequestBody.IsGzip(http.Request)
            && (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media)
                || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problem.UnsupportedMediaType($"'{http.Request.ContentType}' is not supported: the Segment API takes application/json");
        }

        var (body, unreadable) = await RequestBody.ReadDecodedAsync(http.Request, serve.Options.MaxRequestBytes, http.RequestAborted);
        using var _ = body;
        switch (unreadable)
        {
            case BodyProblem.TooLarge:
                return Problem.TooLarge($"the request body (decompressed, when sent with Content-Encoding: gzip) is over the limit of {serve.Options.MaxRequestBytes} bytes");
            case BodyProblem.UnsupportedEncoding:
                return Problem.UnsupportedMediaType($"Content-Encoding '{http.Request.Headers.ContentEncoding}' is not supported: send the body as is or with Content-Encoding: gzip");
            case BodyProblem.MalformedGzip:
                return Problem.BadRequest("the body says Content-Encoding: gzip but is not a valid gzip stream");
        }

        // JsonDocument checks only the strings it decodes, and a message's strings are decoded one by one below.
        if (!System.Text.Unicode.Utf8.IsValid(body!.Memory.Span))
        {
            return Problem.BadRequest("the body is not valid JSON: it is not valid UTF-8");
        }

        var receivedAt = serve.Runtime.Time.GetUtcNow();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body!.Memory, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return Problem.BadRequest($"the body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var messages = new List<JsonElement>();
            JsonElement? envelope = null;
            if (call is not null)
            {
                messages.Add(document.RootElement);
            }
            else if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array)
            {
                messages.AddRange(batch.EnumerateArray());
                envelope = document.RootElement;
            }
            else
            {
                return Problem.BadRequest("a batch is a JSON object with a 'batch' array of messages", "batch");
            }

            if (messages.Count == 0)
            {
                return Problem.BadRequest("the batch is empty", "batch");
            }

            var errors = new List<ProblemError>();
            var clock = new SegmentClock(receivedAt, envelope);
            var events = new List<ReadOnlyMemory<byte>>(messages.Count);
            for (var i = 0; i < messages.Count; i++)
            {
                if (SegmentMapper.Map(messages[i], call, i, errors, clock) is { } mapped)
                {
                    events.Add(mapped);
                }
            }

            if (errors.Count > 0)
            {
                serve.Metrics.Rejected(messages.Count);
                return Problem.BadEvents(errors);
            }

            return await AppendAsync(http, serve, events, segment: true);
        }
    }

    private static async Task<IResult> AppendAsync(HttpContext http, ServeContext serve, IReadOnlyList<ReadOnlyMemory<byte>> events, bool segment = false)
    {
        List<ProblemError>? oversize = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Length > serve.Options.MaxEventBytes)
            {
                (oversize ??= []).Add(new ProblemError(i, "$", $"event is {events[i].Length} bytes; the limit is {serve.Options.MaxEventBytes}"));
            }
        }

        if (oversize is not null)
        {
            serve.Metrics.Rejected(events.Count);
            return Problem.TooLarge($"{oversize.Count} event(s) are over the event size limit; nothing was appended", oversize);
        }

        var result = await serve.Runtime.IngestAsync(events, http.RequestAborted);
        if (!result.Accepted)
        {
            serve.Metrics.Rejected(events.Count);
            return Problem.BadEvents([.. result.Rejections.Select(r => new ProblemError(r.Index, r.Rejection.Field, r.Rejection.Reason))]);
        }

        var receipt = result.Receipt!;
        serve.Metrics.Ingested(receipt.Appended, receipt.Duplicates);
        var positions = receipt.Positions.Select(p => p is { } at ? new PositionDto(at.Partition, at.Sequence) : null).ToArray();
        return segment
            ? TypedResults.Json(new { success = true, accepted = receipt.Appended, duplicates = receipt.Duplicates }, Problem.Json)
            : TypedResults.Json(new IngestReceiptDto(receipt.Appended, receipt.Duplicates, positions), Problem.Json);
    }

    private static IResult? Backpressure(HttpContext http, ServeContext serve)
    {
        var backlog = serve.Runtime.Backlog();
        if (backlog <= serve.Options.BacklogLimit)
        {
            return null;
        }

        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(serve.Options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem.Of(StatusCodes.Status429TooManyRequests, "backpressure", "Too many unprocessed events",
            $"{backlog} events wait to be processed (the limit is {serve.Options.BacklogLimit}); retry after {serve.Options.RetryAfter.TotalSeconds:0} s");
    }

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status200OK;

    internal sealed record PositionDto(int Partition, long Sequence);

    internal sealed record IngestReceiptDto(int Accepted, int Duplicates, PositionDto?[] Positions);
}
