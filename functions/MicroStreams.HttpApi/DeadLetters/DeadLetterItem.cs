using MicroStreams.DeadLetters;

namespace MicroStreams.Http.DeadLetters;

/// <summary>A dead letter in a list: what it is, where it came from, which worker refused it and why.</summary>
public sealed record DeadLetterItem(
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
    DateTimeOffset CreatedAt);
