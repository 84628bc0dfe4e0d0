using MicroStreams.Workers;

namespace MicroStreams.Testing;

/// <summary>What became of a sent event at one worker it reached.</summary>
public readonly record struct WorkerOutcome(WorkerId Worker, ApplyOutcome Outcome);
