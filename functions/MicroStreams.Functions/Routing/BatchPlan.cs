using MicroStreams.Functions.DeadLetters;

namespace MicroStreams.Functions.Routing;

/// <summary>What the Route function does with one trigger batch: dead-letter the poison records, apply the rest per key.</summary>
public sealed record BatchPlan(
    int Partition,
    long FirstSequence,
    long LastSequence,
    IReadOnlyList<DeadLetterDocument> Poison,
    IReadOnlyList<KeyBatch> Keys)
{
    /// <summary>The append (enqueued) time of the batch's last record.</summary>
    public DateTimeOffset? Horizon { get; init; }
}
