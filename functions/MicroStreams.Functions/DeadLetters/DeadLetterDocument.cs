using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using MicroStreams.DeadLetters;
using MicroStreams.Functions.Events;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Routing;

namespace MicroStreams.Functions.DeadLetters;

/// <summary>
/// One dead-letter record as a JSON document in the <c>deadletter</c> container: the original event, where it came
/// from, which worker refused it, why, and what happened since. Its <see cref="Id"/> (the blob name without
/// <c>.json</c>) is derived from the record's identity, so a retried write overwrites itself instead of duplicating.
/// </summary>
public sealed record DeadLetterDocument
{
    public required string Id { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<DeadLetterKind>))]
    public required DeadLetterKind Kind { get; init; }

    public int? Partition { get; init; }
    public long? Sequence { get; init; }
    public string? Offset { get; init; }
    public DateTimeOffset? EnqueuedTime { get; init; }
    public string? Processor { get; init; }
    public string? Key { get; init; }
    public string? EventId { get; init; }
    public string? EventType { get; init; }
    public string? EffectId { get; init; }
    public string? TimerName { get; init; }
    public required string Reason { get; init; }
    public int Attempts { get; init; }

    /// <summary>The original record as text when it is UTF-8, else null and <see cref="EventBase64"/> holds it.</summary>
    public string? Event { get; init; }

    public string? EventBase64 { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<DeadLetterStatus>))]
    public DeadLetterStatus Status { get; init; }

    /// <summary>The instance that redrove it, when it was redriven.</summary>
    public string? RedriveInstanceId { get; init; }

    public static DeadLetterDocument ForUnparseable(LogRecord record, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (text, base64) = Body(record.Body);
        return new DeadLetterDocument
        {
            Id = IdForEvent(record.Partition, record.Sequence, null, null),
            Kind = DeadLetterKind.Unparseable,
            Partition = record.Partition,
            Sequence = record.Sequence,
            Offset = record.Offset,
            EnqueuedTime = record.EnqueuedTime,
            Reason = reason,
            Event = text,
            EventBase64 = base64,
            CreatedAt = now,
        };
    }

    /// <summary>An event a worker refused (<see cref="DeadLetterKind.HandlerFailed"/>) or parked while quarantined.</summary>
    public static DeadLetterDocument ForEvent(DeadLetterKind kind, string processor, string key, LogEvent @event, string reason, int attempts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var read = @event.Read();
        return new DeadLetterDocument
        {
            Id = IdForEvent(@event.Partition, @event.Sequence, processor, key),
            Kind = kind,
            Partition = @event.Partition,
            Sequence = @event.Sequence,
            EnqueuedTime = @event.EnqueuedTime,
            Processor = processor,
            Key = key,
            EventId = read.Event?.Id,
            EventType = read.Event?.Type,
            Reason = reason,
            Attempts = attempts,
            Event = @event.Body,
            CreatedAt = now,
        };
    }

    public static DeadLetterDocument ForTimer(string processor, string key, string timerName, DateTimeOffset due, string reason, int attempts, DateTimeOffset now) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"t-{SafeId.Escape(processor)}-{SafeId.Digest(key)}-{SafeId.Escape(timerName)}-{due.UtcTicks:D19}"),
        Kind = DeadLetterKind.TimerFailed,
        Processor = processor,
        Key = key,
        TimerName = timerName,
        Reason = reason,
        Attempts = attempts,
        CreatedAt = now,
    };

    public static DeadLetterDocument ForEffect(string effectId, string processor, string key, string effectJson, string reason, int attempts, DateTimeOffset now) => new()
    {
        Id = "x-" + SafeId.Escape(effectId),
        Kind = DeadLetterKind.EffectUndeliverable,
        Processor = processor,
        Key = key,
        EffectId = effectId,
        Reason = reason,
        Attempts = attempts,
        Event = effectJson,
        CreatedAt = now,
    };

    /// <summary>
    /// <c>p{partition:D4}-s{sequence:D20}-{processor}-{digest(key)}</c> (or <c>…-poison</c> for unparseable records):
    /// names sort by partition and position, so listing returns records in log order.
    /// </summary>
    public static string IdForEvent(int partition, long sequence, string? processor, string? key) =>
        processor is null
            ? string.Create(CultureInfo.InvariantCulture, $"p{partition:D4}-s{sequence:D20}-poison")
            : string.Create(CultureInfo.InvariantCulture, $"p{partition:D4}-s{sequence:D20}-{SafeId.Escape(processor)}-{SafeId.Digest(key ?? string.Empty)}");

    /// <summary>The event as a <see cref="LogEvent"/>, for redrive; null for records that are not events of a worker.</summary>
    public LogEvent? ToLogEvent() =>
        Partition is { } p && Sequence is { } s && Event is { } body && Processor is not null
            ? new LogEvent(p, s, EnqueuedTime ?? CreatedAt, body)
            : null;

    private static (string? Text, string? Base64) Body(ReadOnlyMemory<byte> body)
    {
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Convert.ToBase64String(body.Span));
        }
    }
}
