using System.Text.Json;

namespace MicroStreams.Processors;

/// <summary>The one serializer configuration for worker state and effect payloads, so both hosts write identical bytes.</summary>
public static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
    };
}
