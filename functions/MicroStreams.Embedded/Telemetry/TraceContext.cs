using System.Diagnostics;
using System.Text.Json;

namespace MicroStreams.Embedded.Telemetry;

/// <summary>
/// The CloudEvents distributed-tracing extension: the producer's W3C <c>traceparent</c> and <c>tracestate</c>,
/// top-level attributes of a structured event. Read only while someone listens to <see cref="MicroStreamsTelemetry.Source"/>.
/// </summary>
internal static class TraceContext
{
    /// <summary>The event's trace context, or false when it carries none (or a malformed one).</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out ActivityContext context)
    {
        context = default;
        if (json.IndexOf("\"traceparent\""u8) < 0)
        {
            return false;
        }

        string? parent = null, state = null;
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
                if (reader.TokenType == JsonTokenType.String && (isParent || isState))
                {
                    if (isParent)
                    {
                        parent = reader.GetString();
                    }
                    else
                    {
                        state = reader.GetString();
                    }
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

        return parent is not null && ActivityContext.TryParse(parent, state, isRemote: true, out context);
    }
}
