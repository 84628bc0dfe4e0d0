using System.Text.Json;

namespace MicroStreams.Http.Inspection;

/// <summary>Shows stored bytes in API answers: as JSON when they are JSON (events, effect payloads), else as base64.</summary>
internal static class Json
{
    public static object? Show(ReadOnlyMemory<byte> raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new { base64 = Convert.ToBase64String(raw.Span) };
        }
    }

    public static object? Show(string text) => Show(System.Text.Encoding.UTF8.GetBytes(text));
}
