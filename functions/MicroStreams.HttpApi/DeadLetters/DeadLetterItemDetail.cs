using System.Text.Json;
using System.Text.Json.Serialization;
using MicroStreams.DeadLetters;

namespace MicroStreams.Http.DeadLetters;

/// <summary>
/// One dead letter with its stored record under <c>raw</c> (JSON when it is JSON, else <c>{ "base64": … }</c>; null
/// where the letter holds no event), plus what a host records beside it (on Azure: the Event Hubs offset, the effect or
/// timer, the last change and the redrive's instance).
/// </summary>
public sealed record DeadLetterItemDetail(
    DeadLetterId Id,
    DeadLetterKind Kind,
    DeadLetterStatus Status,
    int? Partition,
    long? Sequence,
    string? Processor,
    string? Key,
    string? EventId,
    string? EventType,
    string Reason,
    int Attempts,
    DateTimeOffset CreatedAt,
    JsonElement? Raw)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Offset { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EnqueuedTime { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EffectId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimerName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RedriveInstanceId { get; init; }
}
