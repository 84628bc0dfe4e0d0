using System.Globalization;
using System.Text.Json;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MicroStreams.Http.Ingest;

/// <summary>
/// The ingest handlers: <c>POST /api/events</c> (CloudEvents structured, batch and binary modes) and the Segment-compatible
/// <c>/v1/*</c> calls. Every request is all-or-nothing: read within the body limit (decompressed too), split into events,
/// each checked against the event limit, then appended by the host's <see cref="IEventSink"/>.
/// </summary>
public sealed class IngestApi(IngestLimits limits, TimeProvider time)
{
    public async Task<IResult> CloudEventsAsync(HttpRequest request, IEventSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (sink.Pressure() is { } busy)
        {
            return Throttled(request, busy);
        }

        var mode = CloudEventsHttp.ModeOf(request);
        if (mode == CloudEventsHttp.Mode.Unsupported)
        {
            return Problem.UnsupportedMediaType(
                $"'{request.ContentType}' is not a CloudEvents mode: send {CloudEventsHttp.Structured} (one event), {CloudEventsHttp.Batch} (an array), or the data with ce-* headers (binary mode)");
        }

        using var body = await RequestBody.ReadAsync(request, limits.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Problem.TooLarge($"the request body is over the limit of {limits.MaxRequestBytes} bytes");
        }

        IResult? problem = null;
        IReadOnlyList<ReadOnlyMemory<byte>>? events = mode switch
        {
            CloudEventsHttp.Mode.Structured => [body.Memory],
            CloudEventsHttp.Mode.Batch => CloudEventsHttp.SplitBatch(body.Memory, out problem),
            _ => CloudEventsHttp.FromBinary(request, body.Memory, out problem) is { } one ? [one] : null,
        };
        return events is null ? problem! : await AppendAsync(request, sink, events, segment: false, cancellationToken);
    }

    /// <summary>One Segment call (<paramref name="call"/>: <c>track</c>, <c>identify</c>, ...) or, when null, a <c>/v1/batch</c>.</summary>
    public async Task<IResult> SegmentAsync(HttpRequest request, string? call, IEventSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (sink.Pressure() is { } busy)
        {
            return Throttled(request, busy);
        }

        // A gzipped body is JSON whatever its label: Node SDKs built on axios (RudderStack's) send the compressed
        // Buffer as application/x-www-form-urlencoded, and Segment's API reads it all the same.
        if (!RequestBody.IsGzip(request)
            && (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problem.UnsupportedMediaType($"'{request.ContentType}' is not supported: the Segment API takes application/json");
        }

        var (body, unreadable) = await RequestBody.ReadDecodedAsync(request, limits.MaxRequestBytes, cancellationToken);
        using var _ = body;
        switch (unreadable)
        {
            case BodyProblem.TooLarge:
                return Problem.TooLarge($"the request body (decompressed, when sent with Content-Encoding: gzip) is over the limit of {limits.MaxRequestBytes} bytes");
            case BodyProblem.UnsupportedEncoding:
                return Problem.UnsupportedMediaType($"Content-Encoding '{request.Headers.ContentEncoding}' is not supported: send the body as is or with Content-Encoding: gzip");
            case BodyProblem.MalformedGzip:
                return Problem.BadRequest("the body says Content-Encoding: gzip but is not a valid gzip stream");
        }

        // JsonDocument checks only the strings it decodes, and a message's strings are decoded one by one below.
        if (!System.Text.Unicode.Utf8.IsValid(body!.Memory.Span))
        {
            return Problem.BadRequest("the body is not valid JSON: it is not valid UTF-8");
        }

        var receivedAt = time.GetUtcNow();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return Problem.BadRequest($"the body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            return Messages(document.RootElement, call) is not { } messages
                ? Problem.BadRequest("a batch is a JSON object with a 'batch' array of messages", "batch")
                : messages.Count == 0
                    ? Problem.BadRequest("the batch is empty", "batch")
                    : await AppendSegmentAsync(request, sink, messages, call, new SegmentClock(receivedAt, call is null ? document.RootElement : null), cancellationToken);
        }
    }

    private static List<JsonElement>? Messages(JsonElement root, string? call)
    {
        if (call is not null)
        {
            return [root];
        }

        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array
            ? [.. batch.EnumerateArray()]
            : null;
    }

    private async Task<IResult> AppendSegmentAsync(HttpRequest request, IEventSink sink, List<JsonElement> messages, string? call, SegmentClock clock, CancellationToken cancellationToken)
    {
        var errors = new List<ProblemError>();
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
            sink.Refused(messages.Count);
            return Problem.BadEvents(errors);
        }

        return await AppendAsync(request, sink, events, segment: true, cancellationToken);
    }

    private async Task<IResult> AppendAsync(HttpRequest request, IEventSink sink, IReadOnlyList<ReadOnlyMemory<byte>> events, bool segment, CancellationToken cancellationToken)
    {
        List<ProblemError>? oversize = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Length > limits.MaxEventBytes)
            {
                (oversize ??= []).Add(new ProblemError(i, "$", $"event is {events[i].Length} bytes; the limit is {limits.MaxEventBytes}"));
            }
        }

        if (oversize is not null)
        {
            sink.Refused(events.Count);
            return Problem.TooLarge($"{oversize.Count} event(s) are over the event size limit; nothing was appended", oversize);
        }

        var outcome = await sink.AppendAsync(events, cancellationToken);
        return outcome switch
        {
            { Receipt: { } receipt } when segment => TypedResults.Json(new { success = true, accepted = receipt.Accepted, duplicates = receipt.Duplicates }, Problem.Json),
            { Receipt: { } receipt } => TypedResults.Json(receipt, Problem.Json),
            { Rejections: { } rejections } => Problem.BadEvents(rejections),
            { Throttled: { } throttle } => Throttled(request, throttle),
            _ => Problem.TooLarge(outcome.TooLarge ?? "the log refused the request as too large"),
        };
    }

    private static IResult Throttled(HttpRequest request, Throttle throttle)
    {
        request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(throttle.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem.Backpressure(throttle.Detail);
    }
}
