namespace MicroStreams.Events;

/// <summary>The structured-mode members both event readers recognise; any other member is an extension attribute.</summary>
internal enum CloudEventAttribute
{
    Extension,
    SpecVersion,
    Id,
    Source,
    Type,
    Subject,
    PartitionKey,
    Time,
    Data,
    DataBase64,
    DataContentType,
    DataSchema,
}

internal static class CloudEventAttributes
{
    /// <summary>The attribute a member name (unescaped UTF-8) names, matched on its bytes: no string is allocated for it.</summary>
    public static CloudEventAttribute Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("id"u8) => CloudEventAttribute.Id,
        4 when name.SequenceEqual("type"u8) => CloudEventAttribute.Type,
        4 when name.SequenceEqual("time"u8) => CloudEventAttribute.Time,
        4 when name.SequenceEqual("data"u8) => CloudEventAttribute.Data,
        6 when name.SequenceEqual("source"u8) => CloudEventAttribute.Source,
        7 when name.SequenceEqual("subject"u8) => CloudEventAttribute.Subject,
        10 when name.SequenceEqual("dataschema"u8) => CloudEventAttribute.DataSchema,
        11 when name.SequenceEqual("specversion"u8) => CloudEventAttribute.SpecVersion,
        11 when name.SequenceEqual("data_base64"u8) => CloudEventAttribute.DataBase64,
        12 when name.SequenceEqual("partitionkey"u8) => CloudEventAttribute.PartitionKey,
        15 when name.SequenceEqual("datacontenttype"u8) => CloudEventAttribute.DataContentType,
        _ => CloudEventAttribute.Extension,
    };
}
