using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Http.Problems;

namespace MicroStreams.Http.Ingest;

/// <summary>
/// Maps Segment tracking-API messages to CloudEvents, so Segment and RudderStack SDKs can point at us:
/// <c>type</c> = the event name (track) or the call (<c>identify</c>, <c>page</c>, ...), <c>subject</c> = <c>userId</c>
/// or else <c>anonymousId</c>, <c>time</c> = the event time Segment's spec gives (<see cref="SegmentClock"/>), <c>data</c> = <c>properties</c> (or <c>traits</c>),
/// <c>id</c> = <c>messageId</c>, <c>source</c> = <c>segment</c>.
/// </summary>
internal static class SegmentMapper
{
    public const string Source = "segment";

    /// <summary>Maps one message; <paramref name="call"/> is the route's call (<c>track</c>) or null to read the message's <c>type</c>.</summary>
    public static byte[]? Map(JsonElement message, string? call, int index, List<ProblemError> errors, SegmentClock clock)
    {
        try
        {
            return MapMessage(message, call, index, errors, clock);
        }
        catch (InvalidOperationException ex)
        {
            // JSON's grammar allows an escaped lone surrogate ("\ud800"), which is no text: decoding it throws.
            errors.Add(new ProblemError(index, "$", $"a string is not valid Unicode: {ex.Message}"));
            return null;
        }
    }

    private static byte[]? MapMessage(JsonElement message, string? call, int index, List<ProblemError> errors, SegmentClock clock)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ProblemError(index, "$", "a Segment message must be a JSON object"));
            return null;
        }

        call ??= StringOf(message, "type");
        if (string.IsNullOrEmpty(call))
        {
            errors.Add(new ProblemError(index, "type", "is required (track, identify, page, screen, group or alias)"));
            return null;
        }

        string? type = call;
        var dataName = "properties";
        switch (call)
        {
            case "track":
                type = StringOf(message, "event");
                if (string.IsNullOrEmpty(type))
                {
                    errors.Add(new ProblemError(index, "event", "a track call needs the event name"));
                    return null;
                }

                break;
            case "identify" or "group":
                dataName = "traits";
                break;
            case "page" or "screen" or "alias":
                break;
            default:
                errors.Add(new ProblemError(index, "type", $"'{call}' is not a Segment call"));
                return null;
        }

        var subject = IdOf(message, "userId");
        if (string.IsNullOrEmpty(subject))
        {
            subject = IdOf(message, "anonymousId");
        }

        if (string.IsNullOrEmpty(subject))
        {
            errors.Add(new ProblemError(index, "userId", "userId or anonymousId is required"));
            return null;
        }

        if (!clock.TryTimeOf(message, index, errors, out var time))
        {
            return null;
        }

        var id = StringOf(message, "messageId");
        if (message.TryGetProperty("messageId", out var rawId) && rawId.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            errors.Add(new ProblemError(index, "messageId", "must be a string"));
            return null;
        }

        var data = message.TryGetProperty(dataName, out var value) && value.ValueKind == JsonValueKind.Object ? value.GetRawText() : "{}";
        return CloudEventReader.Write(string.IsNullOrEmpty(id) ? $"seg-{Guid.NewGuid():N}" : id, Source, type!, subject, time, data);
    }

    /// <summary>Segment allows numeric user ids; they become their decimal text.</summary>
    private static string? IdOf(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : StringOf(message, name);

    private static string? StringOf(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
