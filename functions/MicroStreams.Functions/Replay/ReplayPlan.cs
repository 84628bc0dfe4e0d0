using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>Input of the planning activity.</summary>
public sealed record ReplayPlanRequest(ReplayRequest Request);

/// <summary>
/// What a replay reads and where it writes: each partition with the event hub's last sequence when planned (the progress
/// target), and for a whole-processor rebuild the fresh version of each projection the rows go to; null writes into the
/// current versions (a key-prefix rebuild, which leaves the other keys' rows alone, or a shadow, which writes none).
/// </summary>
public sealed record ReplayPlan(IReadOnlyList<PartitionTarget> Partitions, IReadOnlyDictionary<string, long>? ProjectionVersions);

/// <summary>A partition and its last sequence when the replay was planned (-1 when empty).</summary>
public sealed record PartitionTarget(int Partition, long Target);

/// <summary>Input of the worker-listing activity: one page of a processor's worker entities (every generation).</summary>
public sealed record WorkerListRequest(string Processor, string? KeyPrefix, string? ContinuationToken);

/// <summary>One page of worker entity keys (<c>processor!key[!gN]</c>) and where the next page starts (null on the last).</summary>
public sealed record WorkerListPage(IReadOnlyList<string> EntityKeys, string? ContinuationToken);
