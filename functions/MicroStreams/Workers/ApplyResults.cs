using MicroStreams.Effects;
using MicroStreams.Projections;
using MicroStreams.Timers;

namespace MicroStreams.Workers;

/// <summary>
/// The actions a step decided, for the host to carry out: effects to send (only recorded when the step suppresses them),
/// timers to arm, projection rows to write or remove, dead letters to store; plus counts for its tallies. The host owns
/// one and clears it after taking the actions, so stepping allocates nothing of its own.
/// </summary>
public sealed class ApplyResults
{
    public List<Effect> Effects { get; } = [];
    public List<(WorkerId Worker, ScheduledTimer Timer)> ArmedTimers { get; } = [];

    /// <summary>Projection rows set or removed, in decision order (a later change to the same row wins).</summary>
    public List<ProjectionChange> ProjectionChanges { get; } = [];

    /// <summary>Events refused (quarantining their worker), events parked behind a quarantine, timers whose handler failed.</summary>
    public List<StepDeadLetter> DeadLetters { get; } = [];

    /// <summary>The last exception a handler threw, kept for the dead-letter record.</summary>
    public Exception? LastError { get; internal set; }

    public int EventsApplied { get; internal set; }
    public int TimersFired { get; internal set; }

    /// <summary>Handlers (of events or timers) that failed on every attempt.</summary>
    public int Failures { get; internal set; }

    public void Clear()
    {
        Effects.Clear();
        ArmedTimers.Clear();
        ProjectionChanges.Clear();
        DeadLetters.Clear();
        LastError = null;
        EventsApplied = 0;
        TimersFired = 0;
        Failures = 0;
    }
}
