using System.Text.Json;

namespace MicroStreams.Http.Inspection;

/// <summary>Shows stored bytes in API answers: as JSON when they are JSON (events, effect payloads), else as <c>{ "base64": … }</c>.</summary>
public static class StoredJson
{
    public static JsonElement Show(ReadOnlyMemory<byte> raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(new { base64 = Convert.ToBase64String(raw.Span) });
        }
    }

    public static JsonElement Show(string text) => Show(System.Text.Encoding.UTF8.GetBytes(text));
}
