using System.Text.Encodings.Web;
using System.Text.Json;

namespace MicroStreams.Processors;

/// <summary>The one serializer configuration for worker state and effect payloads, so both hosts write identical bytes.</summary>
public static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,

        // Payloads go to webhooks and mail templates, not into HTML: keep "+00:00" and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
