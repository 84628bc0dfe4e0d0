using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>The decisions of one peer batch: changed workers, effects, timers armed, dead letters.</summary>
public sealed class PeerChanges
{
    public Dictionary<WorkerId, Worker> Workers { get; } = [];
    public List<Effect> Effects { get; } = [];
    public List<(WorkerId Worker, ScheduledTimer Timer)> ArmedTimers { get; } = [];
    public List<(EventPosition Position, string Reason)> DeadLetters { get; } = [];

    public void Clear()
    {
        Workers.Clear();
        Effects.Clear();
        ArmedTimers.Clear();
        DeadLetters.Clear();
    }
}
