using MicroStreams.Events;
using MicroStreams.Workers;

namespace MicroStreams.Testing;

/// <summary>An event the driver appended: where it sits in the log and what became of it at each worker it reached.</summary>
public sealed record SendResult(EventPosition Position, IReadOnlyList<WorkerOutcome> Outcomes)
{
    /// <summary>The outcome at the one worker the event reached; throws when it reached none or several.</summary>
    public ApplyOutcome Outcome => Outcomes.Count == 1
        ? Outcomes[0].Outcome
        : throw new InvalidOperationException($"the event reached {Outcomes.Count} workers; read Outcomes");
}
