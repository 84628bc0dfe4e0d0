using System.Text.Json;

namespace MicroStreams.Events;

/// <summary>
/// Reads the CloudEvents distributed-tracing extension of a structured event: the producer's W3C <c>traceparent</c>
/// and <c>tracestate</c>, top-level string attributes. Hosts call it only while tracing, so untraced work pays nothing.
/// </summary>
public static class TraceParentReader
{
    /// <summary>False when the event carries no <c>traceparent</c>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out string? traceParent, out string? traceState)
    {
        traceParent = traceState = null;
        if (json.IndexOf("\"traceparent\""u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isParent = reader.ValueTextEquals("traceparent"u8);
                var isState = reader.ValueTextEquals("tracestate"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && isParent)
                {
                    traceParent = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && isState)
                {
                    traceState = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return traceParent is not null;
    }
}
