using System.Text;
using System.Text.Json;
using MicroStreams.Functions.DeadLetters;

namespace MicroStreams.Functions.Http;

/// <summary>Dead letters as the embedded host shows them (camelCase kinds and statuses, the event under <c>raw</c>), plus the Azure document's own fields.</summary>
public static class DeadLetterViews
{
    public static object Summary(DeadLetterDocument letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new
        {
            id = letter.Id,
            kind = Name(letter.Kind),
            status = Name(letter.Status),
            partition = letter.Partition,
            sequence = letter.Sequence,
            processor = letter.Processor,
            key = letter.Key,
            eventId = letter.EventId,
            eventType = letter.EventType,
            reason = letter.Reason,
            attempts = letter.Attempts,
            createdAt = letter.CreatedAt,
        };
    }

    public static object Detail(DeadLetterDocument letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new
        {
            id = letter.Id,
            kind = Name(letter.Kind),
            status = Name(letter.Status),
            partition = letter.Partition,
            sequence = letter.Sequence,
            processor = letter.Processor,
            key = letter.Key,
            eventId = letter.EventId,
            eventType = letter.EventType,
            reason = letter.Reason,
            attempts = letter.Attempts,
            createdAt = letter.CreatedAt,
            raw = Raw(letter),
            offset = letter.Offset,
            enqueuedTime = letter.EnqueuedTime,
            effectId = letter.EffectId,
            timerName = letter.TimerName,
            updatedAt = letter.UpdatedAt,
            redriveInstanceId = letter.RedriveInstanceId,
        };
    }

    /// <summary>What the embedded host's discard answers: the id and the new status.</summary>
    public static object Discarded(DeadLetterDocument letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new { id = letter.Id, status = Name(letter.Status) };
    }

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The stored record as JSON when it is JSON, else as <c>{ "base64": … }</c>; null for letters that hold no event.</summary>
    private static JsonElement? Raw(DeadLetterDocument letter)
    {
        var bytes = letter.Event is { } text ? Encoding.UTF8.GetBytes(text) : letter.EventBase64 is { } base64 ? Convert.FromBase64String(base64) : null;
        if (bytes is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(new { base64 = Convert.ToBase64String(bytes) });
        }
    }
}
