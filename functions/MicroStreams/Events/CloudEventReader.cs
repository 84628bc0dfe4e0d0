using System.Text;
using System.Text.Json;

namespace MicroStreams.Events;

using Attribute = CloudEventAttribute;

/// <summary>
/// Reads one CloudEvents 1.0 structured-mode JSON event with a single forward pass of <see cref="Utf8JsonReader"/>:
/// the routing attributes are decoded, <c>data</c> is only located, so routing costs no full deserialization.
/// Hand-written because the CloudEvents .NET SDK is not in the offline feed, and it deserializes everything.
/// </summary>
public static class CloudEventReader
{
    public static EventReadResult Read(ReadOnlyMemory<byte> raw, EventPosition position, DateTimeOffset acceptedAt, EventLimits? limits = null)
    {
        limits ??= EventLimits.Default;
        if (raw.Length > limits.MaxEventBytes)
        {
            return Reject("$", $"event is {raw.Length} bytes; the limit is {limits.MaxEventBytes}");
        }

        // The reader checks only the strings it decodes: invalid UTF-8 in data or an extension would reach the log.
        if (!System.Text.Unicode.Utf8.IsValid(raw.Span))
        {
            return Reject("$", "not valid JSON: the event is not valid UTF-8");
        }

        try
        {
            return ReadAttributes(raw, position, acceptedAt);
        }
        catch (JsonException ex)
        {
            return Reject("$", $"not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return Reject("$", $"not valid JSON: {ex.Message}");
        }
    }

    private static EventReadResult ReadAttributes(ReadOnlyMemory<byte> raw, EventPosition position, DateTimeOffset acceptedAt)
    {
        var reader = new Utf8JsonReader(raw.Span, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Reject("$", "a structured CloudEvent must be a JSON object");
        }

        string? specVersion = null, id = null, source = null, type = null, subject = null, partitionKey = null;
        DateTimeOffset? time = null;
        ReadOnlyMemory<byte> data = default;
        var sawData = false;
        var sawDataBase64 = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Known attribute names are matched on their UTF-8 bytes: no string is allocated for them.
            var attribute = Identify(ref reader);
            var extensionName = attribute == Attribute.Extension ? reader.GetString()! : null;
            reader.Read();
            if (attribute is Attribute.SpecVersion or Attribute.Id or Attribute.Source or Attribute.Type or Attribute.Subject
                or Attribute.PartitionKey or Attribute.Time or Attribute.DataContentType or Attribute.DataSchema
                && reader.TokenType != JsonTokenType.String)
            {
                return Reject(NameOf(attribute), attribute == Attribute.Time ? "must be an RFC 3339 timestamp string" : "must be a string");
            }

            switch (attribute)
            {
                case Attribute.SpecVersion: specVersion = reader.ValueTextEquals("1.0"u8) ? "1.0" : reader.GetString(); break;
                case Attribute.Id: id = reader.GetString(); break;
                case Attribute.Source: source = RecentValues.Sources.Read(ref reader); break;
                case Attribute.Type: type = RecentValues.Types.Read(ref reader); break;
                case Attribute.Subject: subject = reader.GetString(); break;
                case Attribute.PartitionKey: partitionKey = reader.GetString(); break;
                case Attribute.Time:
                    if (!reader.TryGetDateTimeOffset(out var parsed))
                    {
                        return Reject("time", "must be an RFC 3339 timestamp string");
                    }

                    time = parsed;
                    break;
                case Attribute.Data or Attribute.DataBase64:
                    sawData |= attribute == Attribute.Data;
                    sawDataBase64 |= attribute == Attribute.DataBase64;
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = raw[start..(int)reader.BytesConsumed];
                    break;
                case Attribute.Extension:
                    if (!IsValidAttributeName(extensionName!))
                    {
                        return Reject(extensionName!, "attribute names are 1-20 lowercase letters or digits");
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        return Reject(extensionName!, "extension attributes must be strings, numbers or booleans");
                    }

                    break;
            }
        }

        // Read past the end: whitespace is allowed there, anything else throws.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return Reject("$", "unexpected content after the event object");
        }

        if (sawData && sawDataBase64)
        {
            return Reject("data", "an event carries data or data_base64, not both");
        }

        if (specVersion != "1.0")
        {
            return Reject("specversion", specVersion is null ? "is required and must be \"1.0\"" : $"\"{specVersion}\" is not supported; use \"1.0\"");
        }

        if (string.IsNullOrEmpty(id))
        {
            return Reject("id", "is required and must be a non-empty string");
        }

        if (string.IsNullOrEmpty(source))
        {
            return Reject("source", "is required and must be a non-empty string");
        }

        if (string.IsNullOrEmpty(type))
        {
            return Reject("type", "is required and must be a non-empty string");
        }

        if (string.IsNullOrEmpty(partitionKey) && string.IsNullOrEmpty(subject))
        {
            return Reject("subject", "a routing key is required: set subject (the user) or the partitionkey extension");
        }

        var evt = new StreamEvent(id, source, type, subject, partitionKey, time ?? acceptedAt, data, raw, position);
        return new EventReadResult(evt, null);
    }

    /// <summary>The attribute the reader's current member name names; an escaped name (rare) is unescaped first.</summary>
    private static Attribute Identify(ref Utf8JsonReader reader) =>
        CloudEventAttributes.Identify(reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan);

    private static string NameOf(Attribute attribute) => attribute switch
    {
        Attribute.SpecVersion => "specversion",
        Attribute.PartitionKey => "partitionkey",
        Attribute.DataBase64 => "data_base64",
        Attribute.DataContentType => "datacontenttype",
        Attribute.DataSchema => "dataschema",
        _ => attribute.ToString().ToLowerInvariant(),
    };

    private static bool IsValidAttributeName(string name)
    {
        if (name.Length is 0 or > 20)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    private static EventReadResult Reject(string field, string reason) => new(null, new EventRejection(field, reason));

    /// <summary>Serializes a minimal structured CloudEvent; used by generators, tests and adapters that map other formats.</summary>
    public static byte[] Write(string id, string source, string type, string? subject, DateTimeOffset? time, ReadOnlySpan<byte> dataJson, string? partitionKey = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", "1.0");
            writer.WriteString("id", id);
            writer.WriteString("source", source);
            writer.WriteString("type", type);
            if (subject is not null)
            {
                writer.WriteString("subject", subject);
            }

            if (partitionKey is not null)
            {
                writer.WriteString("partitionkey", partitionKey);
            }

            if (time is { } t)
            {
                writer.WriteString("time", t);
            }

            if (!dataJson.IsEmpty)
            {
                writer.WritePropertyName("data");
                writer.WriteRawValue(dataJson, skipInputValidation: false);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The same as <see cref="Write(string, string, string, string?, DateTimeOffset?, ReadOnlySpan{byte}, string?)"/> with data given as a JSON string.</summary>
    public static byte[] Write(string id, string source, string type, string? subject, DateTimeOffset? time, string? dataJson, string? partitionKey = null) =>
        Write(id, source, type, subject, time, dataJson is null ? [] : Encoding.UTF8.GetBytes(dataJson), partitionKey);
}
