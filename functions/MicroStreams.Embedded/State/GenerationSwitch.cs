namespace MicroStreams.Embedded.State;

/// <summary>
/// A replay's new generation going live in one partition, committed with the partition's new changelog (the rebuilt
/// records, see <c>PartitionConsumer.StageSwitch</c>): the processor's old snapshot records there (those with
/// <see cref="KeyPrefix"/>, or all) that the new generation does not rewrite (<see cref="Rewrites"/>) are deleted, the
/// partition's older changelog rows go, its pending dead letters there are superseded, the processor's pause there is
/// lifted when <see cref="LiftsPause"/> (the new generation covers every key and the whole log), and the replay's
/// partition is marked done, all in the same transaction.
/// </summary>
internal sealed record GenerationSwitch(string ReplayId, string Processor, string? KeyPrefix, long Generation, bool LiftsPause, Func<string, bool> Rewrites);
