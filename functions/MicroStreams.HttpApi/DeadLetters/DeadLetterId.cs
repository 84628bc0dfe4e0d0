using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroStreams.Http.DeadLetters;

/// <summary>A dead letter's id as its host names it, written as a JSON number when it is one (the embedded host's) and as a string otherwise.</summary>
[JsonConverter(typeof(Converter))]
public readonly record struct DeadLetterId(string Value, bool IsNumber)
{
    public static DeadLetterId Of(long id) => new(id.ToString(CultureInfo.InvariantCulture), true);

    public static DeadLetterId Of(string id) => new(id, false);

    public override string ToString() => Value;

    private sealed class Converter : JsonConverter<DeadLetterId>
    {
        public override DeadLetterId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? Of(reader.GetInt64()) : Of(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, DeadLetterId value, JsonSerializerOptions options)
        {
            if (value.IsNumber)
            {
                writer.WriteRawValue(value.Value, skipInputValidation: true);
            }
            else
            {
                writer.WriteStringValue(value.Value);
            }
        }
    }
}
