using MicroStreams.Effects;
using MicroStreams.Timers;

namespace MicroStreams.Workers;

/// <summary>Collects the decisions of a batch for the host to persist: effects to deliver and timers to arm.</summary>
public sealed class ApplyResults
{
    public List<Effect> Effects { get; } = [];
    public List<(WorkerId Worker, ScheduledTimer Timer)> ArmedTimers { get; } = [];

    /// <summary>The last exception a handler threw, kept for the dead-letter record.</summary>
    public Exception? LastError { get; internal set; }

    public void Clear()
    {
        Effects.Clear();
        ArmedTimers.Clear();
        LastError = null;
    }
}
