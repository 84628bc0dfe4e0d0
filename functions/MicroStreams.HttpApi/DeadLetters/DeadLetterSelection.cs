using MicroStreams.DeadLetters;

namespace MicroStreams.Http.DeadLetters;

/// <summary>The filters of the dead-letter list and the set redrive; null is no filter.</summary>
public sealed record DeadLetterSelection
{
    public string? Processor { get; init; }

    public string? Key { get; init; }

    public DeadLetterKind? Kind { get; init; }

    public DeadLetterStatus? Status { get; init; }

    public int? Partition { get; init; }
}
