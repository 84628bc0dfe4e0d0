namespace MicroStreams.DeadLetters;

/// <summary>
/// One record that could not be applied or delivered, with everything needed to understand and redrive it:
/// the original bytes, where they came from, which worker refused them and why.
/// </summary>
public sealed record DeadLetter
{
    public long Id { get; init; }
    public required DeadLetterKind Kind { get; init; }
    public required int Partition { get; init; }
    public required long Sequence { get; init; }
    public string? Processor { get; init; }
    public string? Key { get; init; }
    public string? EventId { get; init; }
    public string? EventType { get; init; }
    public required string Reason { get; init; }
    public int Attempts { get; init; }
    public required ReadOnlyMemory<byte> Raw { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DeadLetterStatus Status { get; init; }
}
