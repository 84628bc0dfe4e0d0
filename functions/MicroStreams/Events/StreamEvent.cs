using System.Text;
using System.Text.Json;

namespace MicroStreams.Events;

/// <summary>A CloudEvent read from the log: its routing attributes, its position, and its data parsed on demand.</summary>
/// <remarks>
/// A host may reuse one instance for event after event (<see cref="Processors.ProcessorSpec.KeepsEvents"/> false): it is
/// then refilled by <see cref="Refill"/>, and its <see cref="Id"/> is decoded from <see cref="Raw"/> only when read.
/// </remarks>
public sealed partial class StreamEvent
{
    private string? _id;
    private Range _idBytes;
    private string? _subject;
    private Range? _subjectBytes;
    private ReadOnlyMemory<byte> _data;
    private JsonElement? _parsedData;

    /// <summary>Whether <see cref="_data"/> was read from a record validated when it was appended (see <see cref="ValidatedEventReader"/>).</summary>
    private bool _dataValidated;

    internal StreamEvent(
        string id, string source, string type, string? subject, string? partitionKey,
        DateTimeOffset time, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> raw, EventPosition position)
    {
        _id = id;
        Source = source;
        Type = type;
        _subject = subject;
        PartitionKey = partitionKey;
        Time = time;
        _data = data;
        Raw = raw;
        Position = position;
    }

    /// <summary>An empty instance for a host to <see cref="Refill"/> event after event.</summary>
    public static StreamEvent Reusable() => new(string.Empty, string.Empty, string.Empty, null, null, default, default, default, default);

    /// <summary>
    /// Makes this reused instance the event at <paramref name="position"/>; its id, and its subject when there is one, are
    /// the (unescaped UTF-8) bytes <paramref name="idBytes"/> and <paramref name="subjectBytes"/> of <paramref name="raw"/>.
    /// </summary>
    internal StreamEvent Refill(
        Range idBytes, string source, string type, Range? subjectBytes, string? partitionKey,
        DateTimeOffset time, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> raw, EventPosition position)
    {
        _id = null;
        _idBytes = idBytes;
        Source = source;
        Type = type;
        _subject = null;
        _subjectBytes = subjectBytes;
        PartitionKey = partitionKey;
        Time = time;
        _data = data;
        _dataValidated = true;
        _parsedData = null;
        Raw = raw;
        Position = position;
        return this;
    }

    public string Id => _id ??= Encoding.UTF8.GetString(Raw.Span[_idBytes]);
    public string Source { get; private set; }
    public string Type { get; private set; }
    public string? Subject => _subject ?? (_subjectBytes is { } bytes ? _subject = Encoding.UTF8.GetString(Raw.Span[bytes]) : null);

    /// <summary>The CloudEvents <c>partitionkey</c> extension, when the producer set one.</summary>
    public string? PartitionKey { get; private set; }

    /// <summary>The key that picks the log partition: <c>partitionkey</c> when set, else <c>subject</c>.</summary>
    public string RoutingKey => PartitionKey ?? Subject ?? string.Empty;

    /// <summary>
    /// Copies <see cref="RoutingKey"/> into <paramref name="destination"/>, without making a string of it when the event
    /// holds its subject as bytes (a reused event): to find the worker it goes to, which has the key as a string already.
    /// False when it does not fit.
    /// </summary>
    public bool TryCopyRoutingKey(Span<char> destination, out int written)
    {
        if (PartitionKey is null && _subject is null && _subjectBytes is { } bytes)
        {
            return Encoding.UTF8.TryGetChars(Raw.Span[bytes], destination, out written);
        }

        var key = RoutingKey;
        written = key.Length;
        return key.AsSpan().TryCopyTo(destination);
    }

    /// <summary>The event's <c>time</c>, or the time the log accepted it when the producer gave none.</summary>
    public DateTimeOffset Time { get; private set; }

    public EventPosition Position { get; private set; }

    /// <summary>
    /// The event exactly as it was appended (CloudEvents structured JSON). It points into the host's read buffers and
    /// is valid only while the handler runs: copy it (or clone parsed elements) to keep any of it in state.
    /// </summary>
    public ReadOnlyMemory<byte> Raw { get; private set; }

    public bool HasData => !_data.IsEmpty;

    /// <summary>The <c>data</c> member; <see cref="JsonValueKind.Undefined"/> when the event has none.</summary>
    public JsonElement Data => _parsedData ??= ParseData();

    public T? DataAs<T>(JsonSerializerOptions? options = null) =>
        _data.IsEmpty ? default : JsonSerializer.Deserialize<T>(_data.Span, options ?? JsonSerializerOptions.Web);

    /// <summary>Reads a numeric member of <c>data</c>; absent or non-numeric members read as <paramref name="fallback"/>.
    /// Where the member is required, <see cref="RequireDecimal"/> refuses the event instead.</summary>
    public decimal GetDecimal(string property, decimal fallback = 0m)
    {
        if (_data.IsEmpty)
        {
            return fallback;
        }

        var reader = new Utf8JsonReader(_data.Span);
        return SeekTopLevel(ref reader, property) && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number)
            ? number
            : fallback;
    }

    /// <summary>Reads a string member of <c>data</c>, or null.</summary>
    public string? GetString(string property) => GetString(property, current: null);

    /// <summary>
    /// Reads a string member of <c>data</c>, or null; when it equals <paramref name="current"/> that instance is returned
    /// instead of a new string. For state that carries a value from event to event (an email address): the state keeps
    /// one string instead of replacing it with an equal copy on every event.
    /// </summary>
    public string? GetString(string property, string? current)
    {
        // An empty span is not valid JSON to Utf8JsonReader: an event without data has no members.
        if (_data.IsEmpty)
        {
            return null;
        }

        if (_dataValidated && TryGetPlainString(property, out var isString, out var text))
        {
            return !isString ? null : current is not null && Ascii.Equals(text, current) ? current : Encoding.UTF8.GetString(text);
        }

        var reader = new Utf8JsonReader(_data.Span);
        if (!SeekTopLevel(ref reader, property) || reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        return current is not null && reader.ValueTextEquals(current) ? current : reader.GetString();
    }

    /// <summary>Marks the data as read from a validated record: <see cref="GetString(string, string?)"/> may then find members by a scan.</summary>
    internal StreamEvent WithValidatedData()
    {
        _dataValidated = true;
        return this;
    }

    /// <summary>
    /// <see cref="GetString(string, string?)"/> for validated data, by a byte scan (<see cref="ValidJsonMembers"/>): whether
    /// the first top-level member named <paramref name="property"/> is a string, and then its text, which is plain ASCII.
    /// False for anything else (escapes, text other than ASCII, data that is not an object): the validating path reads it.
    /// </summary>
    private bool TryGetPlainString(string property, out bool isString, out ReadOnlySpan<byte> text)
    {
        isString = false;
        text = default;
        var json = _data.Span;
        var members = new ValidJsonMembers(json);
        while (members.Next(out var name, out var start, out var end, out var plain))
        {
            if (!Ascii.IsValid(name))
            {
                return false;
            }

            if (!Ascii.Equals(name, property))
            {
                continue;
            }

            if (json[start] != (byte)'"')
            {
                return true;
            }

            isString = true;
            text = json[(start + 1)..(end - 1)];
            return plain && Ascii.IsValid(text);
        }

        return !members.Failed;
    }

    /// <summary>
    /// Moves the reader to the value of a top-level member of <c>data</c> by scanning, without building a document:
    /// handlers usually read one or two members, and this is several times cheaper than parsing the whole object.
    /// </summary>
    private static bool SeekTopLevel(ref Utf8JsonReader reader, string property)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(property);
            reader.Read();
            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private JsonElement ParseData()
    {
        if (_data.IsEmpty)
        {
            return default;
        }

        var reader = new Utf8JsonReader(_data.Span);
        return JsonElement.ParseValue(ref reader);
    }
}
