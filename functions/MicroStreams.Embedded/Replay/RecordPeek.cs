using System.Text;
using System.Text.Json;
using MicroStreams.Embedded.Log;
using MicroStreams.Events;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// A look at a log record's <c>type</c> (and, for a type nobody here subscribes to, its <c>time</c>) without reading it
/// as an event: a rebuild reads in full only the records its processor may apply, and needs the others only for the
/// batch's timer watermark. Anything out of the ordinary is <see cref="PeekKind.Unsure"/> and read in full.
/// </summary>
internal sealed class RecordPeek(IEnumerable<string> subscribes)
{
    private readonly byte[][] _subscribes = [.. subscribes.Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// <see cref="PeekKind.Subscribed"/> as soon as a <c>type</c> the processor subscribes to is seen (the full read decides
    /// the rest). <see cref="PeekKind.Other"/> when the whole object has been scanned and its last <c>type</c> is another
    /// one; <paramref name="time"/> is then its <c>time</c> (or the time the log accepted the record when it has none), as the
    /// event reader would give it if the record is a valid event.
    /// </summary>
    public PeekKind Classify(LogRecord record, out DateTimeOffset time)
    {
        time = default;
        if (record.Validated)
        {
            // Validated at append: a plain scan finds the type, and the time is parsed only for a record of another type.
            if (!ValidatedEventReader.TryPeek(record.Bytes.Span, out var peeked, out var quotedTime))
            {
                return PeekKind.Unsure;
            }

            if (IsSubscribed(peeked))
            {
                return PeekKind.Subscribed;
            }

            time = record.AppendedAt;
            return quotedTime.IsEmpty || ValidatedEventReader.TryParseTime(quotedTime, out time) ? PeekKind.Other : PeekKind.Unsure;
        }

        var raw = record.Bytes;
        var acceptedAt = record.AppendedAt;
        try
        {
            var reader = new Utf8JsonReader(raw.Span, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return PeekKind.Unsure;
            }

            ReadOnlySpan<byte> type = default;
            var timeAt = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isTime = !isType && reader.ValueTextEquals("time"u8);
                reader.Read();
                if (isType || isTime)
                {
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                    {
                        return PeekKind.Unsure;
                    }

                    if (isTime)
                    {
                        timeAt = (int)reader.TokenStartIndex;
                        continue;
                    }

                    type = reader.ValueSpan;
                    if (IsSubscribed(type))
                    {
                        return PeekKind.Subscribed;
                    }

                    continue;
                }

                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject || type.IsEmpty)
            {
                return PeekKind.Unsure;
            }

            if (timeAt < 0)
            {
                time = acceptedAt;
                return PeekKind.Other;
            }

            // Parsed only now: most records are subscribed ones, which never need it.
            var timeReader = new Utf8JsonReader(raw.Span[timeAt..]);
            return timeReader.Read() && timeReader.TryGetDateTimeOffset(out time) ? PeekKind.Other : PeekKind.Unsure;
        }
        catch (JsonException)
        {
            return PeekKind.Unsure;
        }
    }

    private bool IsSubscribed(ReadOnlySpan<byte> type)
    {
        foreach (var subscribed in _subscribes)
        {
            if (type.SequenceEqual(subscribed))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What <see cref="RecordPeek"/> saw.</summary>
internal enum PeekKind
{
    Subscribed,
    Other,
    Unsure,
}
