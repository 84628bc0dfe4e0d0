using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroStreams.Replay;

/// <summary>How both hosts read replay requests and store and show replay views: camelCase, enums as camelCase strings, nulls left out.</summary>
public static class ReplayJsonOptions
{
    public static JsonSerializerOptions Default { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
