using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>Counters of one replay, shared by its partition rebuilds and read (without locks) for progress.</summary>
internal sealed class ReplayTally
{
    public long EventsRead;
    public long EventsApplied;
    public long TimersFired;
    public long EffectsSuppressed;
    public long HandlerFailures;
}
