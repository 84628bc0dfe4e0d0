using System.Text.Json;

namespace MicroStreams.Events;

/// <summary>
/// Typed reads of <c>data</c> members for handlers: a value of the wrong JSON type, or a required one that is missing,
/// throws <see cref="EventDataException"/> naming the field and what it holds, so the event is dead-lettered with that
/// reason instead of being read as a default.
/// </summary>
public sealed partial class StreamEvent
{
    /// <summary>The number in the member <paramref name="field"/> of <c>data</c>; throws when it is missing, null or not a number.</summary>
    public decimal RequireDecimal(string field)
    {
        var reader = new Utf8JsonReader(_data.Span);
        if (!SeekField(ref reader, field, out var problem))
        {
            throw new EventDataException(field, $"{field}: expected a number, but {problem}");
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
        {
            return number;
        }

        throw WrongType(field, reader.TokenType == JsonTokenType.Number ? "a number within the range of a decimal" : "a number", ref reader);
    }

    /// <summary>The string in the member <paramref name="field"/> of <c>data</c>; throws when it is missing, null or not a string.</summary>
    public string RequireString(string field) =>
        OptionalString(field) ?? throw new EventDataException(field, $"{field}: expected a string, but {(KindOf(field) == JsonValueKind.Null ? "it is null" : Missing(field))}");

    /// <summary>
    /// The string in the member <paramref name="field"/> of <c>data</c>, or null when it is absent or null; throws when it
    /// holds another type. When the text equals <paramref name="current"/> that instance is returned (see <see cref="GetString(string, string?)"/>).
    /// </summary>
    public string? OptionalString(string field, string? current = null)
    {
        if (GetString(field, current) is { } text)
        {
            return text;
        }

        var reader = new Utf8JsonReader(_data.Span);
        if (!SeekField(ref reader, field, out _) || reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        throw WrongType(field, "a string", ref reader);
    }

    /// <summary>The JSON type of the member <paramref name="field"/> of <c>data</c>; <see cref="JsonValueKind.Undefined"/> when there is none.</summary>
    public JsonValueKind KindOf(string field)
    {
        var reader = new Utf8JsonReader(_data.Span);
        return !SeekField(ref reader, field, out _) ? JsonValueKind.Undefined : reader.TokenType switch
        {
            JsonTokenType.String => JsonValueKind.String,
            JsonTokenType.Number => JsonValueKind.Number,
            JsonTokenType.True => JsonValueKind.True,
            JsonTokenType.False => JsonValueKind.False,
            JsonTokenType.Null => JsonValueKind.Null,
            JsonTokenType.StartObject => JsonValueKind.Object,
            _ => JsonValueKind.Array,
        };
    }

    /// <summary>Moves the reader to the member's value; false, with why, when <c>data</c> is not an object or has no such member.</summary>
    private bool SeekField(ref Utf8JsonReader reader, string field, out string problem)
    {
        if (_data.IsEmpty)
        {
            problem = "the event has no data";
            return false;
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problem = $"the event's data is {Describe(ref reader)}, not an object";
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(field);
            reader.Read();
            if (match)
            {
                problem = string.Empty;
                return true;
            }

            reader.Skip();
        }

        problem = Missing(field);
        return false;
    }

    private static string Missing(string field) => $"the data has no '{field}'";

    private static EventDataException WrongType(string field, string expected, ref Utf8JsonReader reader) =>
        new(field, $"{field}: expected {expected}, got {Describe(ref reader)}");

    /// <summary>The JSON type of the value under the reader, with the value itself when it is short: <c>string "abc"</c>, <c>number 1e400</c>.</summary>
    private static string Describe(ref Utf8JsonReader reader)
    {
        const int Shown = 40;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString()!;
                return $"string {JsonSerializer.Serialize(text.Length > Shown ? text[..Shown] + "…" : text)}";
            case JsonTokenType.Number:
                var digits = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                return $"number {(digits.Length > Shown ? digits[..Shown] + "…" : digits)}";
            case JsonTokenType.True:
                return "boolean true";
            case JsonTokenType.False:
                return "boolean false";
            case JsonTokenType.Null:
                return "null";
            case JsonTokenType.StartObject:
                return "an object";
            case JsonTokenType.StartArray:
                return "an array";
            default:
                return "nothing";
        }
    }
}
