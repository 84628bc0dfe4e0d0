using System.Text.Json;

namespace MicroStreams.Functions.DeadLetters;

/// <summary>The one serializer configuration for dead-letter documents (camelCase, enums as names).</summary>
public static class DeadLetterJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static BinaryData Serialize(DeadLetterDocument document) => BinaryData.FromObjectAsJson(document, Options);

    public static DeadLetterDocument? Deserialize(BinaryData data) => data.ToObjectFromJson<DeadLetterDocument>(Options);
}
