using System.Text;
using System.Text.Json;

namespace MicroStreams.Events;

using Attribute = CloudEventAttribute;

/// <summary>
/// Reads a log record that <see cref="CloudEventReader"/> accepted when it was appended, and so is known to be a valid
/// structured CloudEvent: its members are located by <see cref="ValidJsonMembers"/> instead of being validated a second
/// time, which makes reading history (a consumer, a replay) several times cheaper. It gives the same event
/// <see cref="CloudEventReader.Read"/> would; anything it does not handle plainly (escaped names or attribute values, a
/// missing attribute) is read by <see cref="CloudEventReader.Read"/> itself. Only for validated records: invalid JSON
/// is not detected here.
/// </summary>
public static class ValidatedEventReader
{
    /// <summary>
    /// Reads the record; with <paramref name="reuse"/> (from <see cref="StreamEvent.Reusable"/>, for a host whose processors
    /// do not keep events) the scan refills that instance instead of allocating an event.
    /// </summary>
    public static EventReadResult Read(ReadOnlyMemory<byte> raw, EventPosition position, DateTimeOffset acceptedAt, StreamEvent? reuse = null) =>
        TryRead(raw, position, acceptedAt, reuse) is { } @event ? new EventReadResult(@event, null) : CloudEventReader.Read(raw, position, acceptedAt);

    /// <summary>
    /// The record's <c>type</c> (UTF-8) and its quoted <c>time</c> (empty when it has none, for <see cref="TryParseTime"/>),
    /// without reading it as an event; false when the scan cannot tell (then read it in full).
    /// </summary>
    public static bool TryPeek(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> time)
    {
        type = default;
        time = default;
        var members = new ValidJsonMembers(raw);
        while (members.Next(out var name, out var start, out var end, out var plain))
        {
            var attribute = CloudEventAttributes.Identify(name);
            if (attribute is Attribute.Type or Attribute.Time && !plain)
            {
                return false;
            }

            if (attribute == Attribute.Type)
            {
                type = raw[(start + 1)..(end - 1)];
            }
            else if (attribute == Attribute.Time)
            {
                time = raw[start..end];
            }
        }

        return !members.Failed && !type.IsEmpty;
    }

    /// <summary>The event by the scan alone; null when the record needs the validating reader.</summary>
    internal static StreamEvent? TryRead(ReadOnlyMemory<byte> raw, EventPosition position, DateTimeOffset acceptedAt, StreamEvent? reuse = null)
    {
        var json = raw.Span;
        if (json.Length > EventLimits.Default.MaxEventBytes)
        {
            return null;
        }

        string? source = null, type = null, partitionKey = null;
        Range? idBytes = null, subjectBytes = null;
        DateTimeOffset? time = null;
        ReadOnlyMemory<byte> data = default;
        bool specVersion = false, sawData = false, sawDataBase64 = false;
        var members = new ValidJsonMembers(json);
        while (members.Next(out var name, out var start, out var end, out var plain))
        {
            var attribute = CloudEventAttributes.Identify(name);
            if (attribute == Attribute.Extension)
            {
                continue;
            }

            if (attribute is Attribute.Data or Attribute.DataBase64)
            {
                sawData |= attribute == Attribute.Data;
                sawDataBase64 |= attribute == Attribute.DataBase64;
                data = raw[start..end];
                continue;
            }

            // Every other attribute is a string; an escaped one is left to the validating reader, which unescapes it.
            if (!plain)
            {
                return null;
            }

            var text = json[(start + 1)..(end - 1)];
            switch (attribute)
            {
                case Attribute.SpecVersion: specVersion = text.SequenceEqual("1.0"u8); break;
                case Attribute.Id: idBytes = (start + 1)..(end - 1); break;
                case Attribute.Source: source = RecentValues.Sources.Read(text); break;
                case Attribute.Type: type = RecentValues.Types.Read(text); break;
                case Attribute.Subject: subjectBytes = (start + 1)..(end - 1); break;
                case Attribute.PartitionKey: partitionKey = Encoding.UTF8.GetString(text); break;
                case Attribute.Time:
                    if (!TryParseTime(json[start..end], out var parsed))
                    {
                        return null;
                    }

                    time = parsed;
                    break;
            }
        }

        var complete = !members.Failed && specVersion && !(sawData && sawDataBase64)
            && idBytes is { } idRange && idRange.End.Value > idRange.Start.Value && !string.IsNullOrEmpty(source) && !string.IsNullOrEmpty(type)
            && (subjectBytes is { } subjectRange && subjectRange.End.Value > subjectRange.Start.Value || !string.IsNullOrEmpty(partitionKey));
        if (!complete)
        {
            return null;
        }

        // A reused event decodes its id and subject only if asked for them: the id most handlers never read, and the
        // subject finds its worker as bytes (StreamEvent.TryCopyRoutingKey).
        return reuse is null
            ? new StreamEvent(Encoding.UTF8.GetString(json[idBytes!.Value]), source!, type!, subjectBytes is { } subject ? Encoding.UTF8.GetString(json[subject]) : null, partitionKey, time ?? acceptedAt, data, raw, position).WithValidatedData()
            : reuse.Refill(idBytes!.Value, source!, type!, subjectBytes, partitionKey, time ?? acceptedAt, data, raw, position);
    }

    /// <summary>Parses a quoted time exactly as the validating reader does (RFC 3339 through <see cref="Utf8JsonReader"/>).</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> quoted, out DateTimeOffset time)
    {
        if (CommonTime.TryParse(quoted, out time))
        {
            return true;
        }

        var reader = new Utf8JsonReader(quoted);
        time = default;
        return reader.Read() && reader.TryGetDateTimeOffset(out time);
    }
}
