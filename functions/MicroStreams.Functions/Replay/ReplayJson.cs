using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>How replays are read from requests and shown: camelCase JSON with enums as camelCase strings, nulls left out (as the embedded host).</summary>
public static class ReplayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
