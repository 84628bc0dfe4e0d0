using System.Text.Json;
using MicroStreams.Http.Problems;

namespace MicroStreams.Http.Ingest;

/// <summary>
/// A Segment message's event time as Segment's spec computes it: <c>timestamp</c> when the sender set one; else
/// <c>originalTimestamp</c> corrected for the device's clock skew, <c>receivedAt - (sentAt - originalTimestamp)</c>, where
/// <c>receivedAt</c> is when this server received the request and <c>sentAt</c> is the message's or else the batch's;
/// else <c>originalTimestamp</c> as sent; else none (the log's arrival time).
/// </summary>
/// <remarks>
/// A <c>receivedAt</c> in the message is ignored, as Segment's API ignores it: it is the receiving server's clock.
/// The correction is what keeps a phone whose clock is an hour off from stamping its events an hour off, while an event
/// queued offline for a day keeps the time it happened (its <c>sentAt - originalTimestamp</c> is the day it waited).
/// </remarks>
internal readonly record struct SegmentClock(DateTimeOffset ReceivedAt, JsonElement? Batch)
{
    /// <summary>The message's event time (null: none given); false, with the error added, when a time field is not an ISO 8601 string.</summary>
    public bool TryTimeOf(JsonElement message, int index, List<ProblemError> errors, out DateTimeOffset? time)
    {
        time = null;
        if (!TryRead(message, "timestamp", index, errors, out var timestamp)
            || !TryRead(message, "originalTimestamp", index, errors, out var original)
            || !TryRead(message, "sentAt", index, errors, out var sentAt))
        {
            return false;
        }

        if (sentAt is null && Batch is { } batch && !TryRead(batch, "sentAt", index, errors, out sentAt, "batch.sentAt"))
        {
            return false;
        }

        time = timestamp
            ?? (original is { } happened && sentAt is { } sent ? ReceivedAt - (sent - happened) : original);
        return true;
    }

    private static bool TryRead(JsonElement message, string name, int index, List<ProblemError> errors, out DateTimeOffset? time, string? field = null)
    {
        time = null;
        if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var parsed))
        {
            errors.Add(new ProblemError(index, field ?? name, "must be an ISO 8601 timestamp string"));
            return false;
        }

        time = parsed;
        return true;
    }
}
