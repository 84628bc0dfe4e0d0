using System.Text;
using System.Text.Json;
using MicroStreams.Events;
using Microsoft.AspNetCore.Http;

namespace MicroStreams.Functions.Http;

/// <summary>
/// Reads the CloudEvents of a <c>POST /api/events</c> request in structured (<c>application/cloudevents+json</c>),
/// batch (<c>application/cloudevents-batch+json</c>) or binary (<c>ce-*</c> headers) mode, validates each with the
/// core <see cref="CloudEventReader"/>, and returns them as structured JSON, or the problem that rejects the request.
/// </summary>
public sealed class IngestRequestReader(IngestLimits limits, TimeProvider time)
{
    public async Task<IngestRead> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limits.MaxRequestBytes)
        {
            return IngestRead.Fail(StatusCodes.Status413PayloadTooLarge, $"the request is {request.ContentLength} bytes; the limit is {limits.MaxRequestBytes}");
        }

        var body = await ReadBodyAsync(request.Body, limits.MaxRequestBytes + 1, cancellationToken);
        if (body.Length > limits.MaxRequestBytes)
        {
            return IngestRead.Fail(StatusCodes.Status413PayloadTooLarge, $"the request is over {limits.MaxRequestBytes} bytes");
        }

        var mediaType = (request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        List<byte[]> raw;
        if (request.Headers.ContainsKey("ce-specversion"))
        {
            raw = [BinaryMode(request, body, mediaType)];
        }
        else if (mediaType == "application/cloudevents+json")
        {
            raw = [body];
        }
        else if (mediaType == "application/cloudevents-batch+json")
        {
            if (SplitBatch(body) is not { } items)
            {
                return IngestRead.Fail(StatusCodes.Status400BadRequest, "a batch must be a JSON array of CloudEvents", [new EventError(-1, "$", "not a JSON array")]);
            }

            raw = items;
        }
        else
        {
            return IngestRead.Fail(StatusCodes.Status415UnsupportedMediaType,
                "send application/cloudevents+json, application/cloudevents-batch+json, or binary mode with ce-* headers");
        }

        if (raw.Count == 0)
        {
            return IngestRead.Fail(StatusCodes.Status400BadRequest, "the batch is empty", [new EventError(-1, "$", "no events")]);
        }

        var events = new List<StreamEvent>(raw.Count);
        var errors = new List<EventError>();
        var tooLarge = false;
        var now = time.GetUtcNow();
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i].Length > limits.MaxEventBytes)
            {
                tooLarge = true;
                errors.Add(new EventError(i, "$", $"event is {raw[i].Length} bytes; the limit is {limits.MaxEventBytes}"));
                continue;
            }

            var read = CloudEventReader.Read(raw[i], default, now, new EventLimits { MaxEventBytes = limits.MaxEventBytes });
            if (read.IsValid)
            {
                events.Add(read.Event);
            }
            else
            {
                errors.Add(new EventError(i, read.Rejection.Field, read.Rejection.Reason));
            }
        }

        if (errors.Count > 0)
        {
            return tooLarge
                ? IngestRead.Fail(StatusCodes.Status413PayloadTooLarge, "an event is over the size limit", errors)
                : IngestRead.Fail(StatusCodes.Status400BadRequest, $"{errors.Count} of {raw.Count} events are not valid CloudEvents", errors);
        }

        return new IngestRead(events, null, null, []);
    }

    internal static async Task<byte[]> ReadBodyAsync(Stream body, long cap, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length >= cap)
            {
                break;
            }
        }

        return buffer.ToArray();
    }

    private static List<byte[]>? SplitBatch(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. doc.RootElement.EnumerateArray().Select(e => Encoding.UTF8.GetBytes(e.GetRawText()))];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Binary mode: attributes from <c>ce-*</c> headers, the body as <c>data</c> (JSON) or <c>data_base64</c>.</summary>
    private static byte[] BinaryMode(HttpRequest request, byte[] body, string mediaType)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in request.Headers)
            {
                if (name.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) && name.Length > 3)
                {
                    writer.WriteString(name[3..].ToLowerInvariant(), Uri.UnescapeDataString(values.ToString()));
                }
            }

            if (!string.IsNullOrEmpty(request.ContentType))
            {
                writer.WriteString("datacontenttype", request.ContentType);
            }

            if (body.Length > 0)
            {
                if (mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
                {
                    writer.WritePropertyName("data");
                    try
                    {
                        writer.WriteRawValue(body, skipInputValidation: false);
                    }
                    catch (JsonException)
                    {
                        writer.WriteStringValue(Encoding.UTF8.GetString(body));
                    }
                }
                else
                {
                    writer.WriteBase64String("data_base64", body);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
