using MicroStreams.Effects;
using MicroStreams.Projections;
using MicroStreams.Timers;

namespace MicroStreams.Workers;

/// <summary>Collects the decisions of a batch for the host to persist: effects to deliver, timers to arm, projection rows to write.</summary>
public sealed class ApplyResults
{
    public List<Effect> Effects { get; } = [];
    public List<(WorkerId Worker, ScheduledTimer Timer)> ArmedTimers { get; } = [];

    /// <summary>Projection rows set or removed, in decision order (a later change to the same row wins).</summary>
    public List<ProjectionChange> ProjectionChanges { get; } = [];

    /// <summary>The last exception a handler threw, kept for the dead-letter record.</summary>
    public Exception? LastError { get; internal set; }

    public void Clear()
    {
        Effects.Clear();
        ArmedTimers.Clear();
        ProjectionChanges.Clear();
        LastError = null;
    }
}
