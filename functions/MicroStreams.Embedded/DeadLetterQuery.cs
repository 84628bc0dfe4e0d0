using MicroStreams.DeadLetters;

namespace MicroStreams.Embedded;

/// <summary>Filters and a page of the dead-letter store; <see cref="BeforeId"/> pages backwards from an id.</summary>
public sealed record DeadLetterQuery
{
    public string? Processor { get; init; }
    public string? Key { get; init; }
    public DeadLetterKind? Kind { get; init; }
    public DeadLetterStatus? Status { get; init; }
    public long? BeforeId { get; init; }
    public int Limit { get; init; } = 100;
}
