using MicroStreams.Functions.Routing;

namespace MicroStreams.Functions.Orchestration;

/// <summary>Input of the ApplyBatch orchestration: one trigger batch, planned per key.</summary>
/// <param name="Horizon">The append (enqueued) time of the batch's last record: the partition is applied up to it once the batch is.</param>
public sealed record ApplyBatchInput(int Partition, long FirstSequence, long LastSequence, IReadOnlyList<KeyBatch> Keys, long Generation = 0, DateTimeOffset? Horizon = null);

/// <summary>Output of the ApplyBatch orchestration, for status queries and logs.</summary>
public sealed record ApplyBatchResult(int Keys, int Applied, int Skipped, int DeadLettered, int FailedKeys)
{
    public int ProjectionRows { get; init; }
}
