using System.Buffers;
using System.Text;
using System.Text.Json;
using MicroStreams.Http.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MicroStreams.Http.Ingest;

/// <summary>
/// The CloudEvents HTTP protocol binding: structured mode (one event as the body), batch mode (a JSON array of events)
/// and binary mode (attributes in <c>ce-*</c> headers, the body is <c>data</c>). Every mode yields structured JSON
/// events, sliced from the body without re-serializing where it can, for the engine to validate and append.
/// </summary>
internal static class CloudEventsHttp
{
    public const string Structured = "application/cloudevents+json";
    public const string Batch = "application/cloudevents-batch+json";
    private const string HeaderPrefix = "ce-";

    public enum Mode
    {
        Unsupported = 0,
        Structured = 1,
        Batch = 2,
        Binary = 3,
    }

    public static Mode ModeOf(HttpRequest request)
    {
        var media = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ? mediaType.MediaType.Value : null;
        if (string.Equals(media, Structured, StringComparison.OrdinalIgnoreCase))
        {
            return Mode.Structured;
        }

        if (string.Equals(media, Batch, StringComparison.OrdinalIgnoreCase))
        {
            return Mode.Batch;
        }

        return request.Headers.ContainsKey("ce-specversion") ? Mode.Binary : Mode.Unsupported;
    }

    /// <summary>Splits a batch body into its elements' raw bytes; null and a problem when it is not a JSON array.</summary>
    public static List<ReadOnlyMemory<byte>>? SplitBatch(ReadOnlyMemory<byte> body, out IResult? problem)
    {
        problem = null;
        var events = new List<ReadOnlyMemory<byte>>();
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                problem = Problem.BadRequest("a batch must be a JSON array of CloudEvents");
                return null;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                events.Add(body[start..(int)reader.BytesConsumed]);
            }

            if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                problem = Problem.BadRequest("unexpected content after the batch array");
                return null;
            }
        }
        catch (JsonException ex)
        {
            problem = Problem.BadRequest($"the batch is not valid JSON: {ex.Message}", "$", events.Count);
            return null;
        }

        if (events.Count == 0)
        {
            problem = Problem.BadRequest("the batch is empty");
            return null;
        }

        return events;
    }

    /// <summary>Builds a structured event from binary mode: <c>ce-*</c> headers are the attributes, the body is the data.</summary>
    public static byte[]? FromBinary(HttpRequest request, ReadOnlyMemory<byte> body, out IResult? problem)
    {
        problem = null;
        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in request.Headers)
            {
                if (!name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase) || name.Length == HeaderPrefix.Length)
                {
                    continue;
                }

                var attribute = name[HeaderPrefix.Length..].ToLowerInvariant();
                if (attribute is "data" or "data_base64" or "datacontenttype")
                {
                    problem = Problem.BadRequest($"'{name}' is not a valid binary-mode header", name);
                    return null;
                }

                writer.WriteString(attribute, Uri.UnescapeDataString(values.ToString()));
            }

            var contentType = request.ContentType;
            if (!string.IsNullOrEmpty(contentType))
            {
                writer.WriteString("datacontenttype", contentType);
            }

            if (!body.IsEmpty && !WriteData(writer, contentType, body))
            {
                problem = Problem.BadRequest("the body is declared as JSON but is not valid JSON", "data");
                return null;
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool WriteData(Utf8JsonWriter writer, string? contentType, ReadOnlyMemory<byte> body)
    {
        var media = MediaTypeHeaderValue.TryParse(contentType, out var mediaType) ? mediaType.MediaType.Value ?? string.Empty : string.Empty;
        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                writer.WritePropertyName("data");
                writer.WriteRawValue(body.Span, skipInputValidation: false);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        if (media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && IsUtf8(body.Span))
        {
            writer.WriteString("data", Encoding.UTF8.GetString(body.Span));
            return true;
        }

        writer.WriteBase64String("data_base64", body.Span);
        return true;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
