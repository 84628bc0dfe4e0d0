namespace MicroStreams.Embedded.Consumers;

internal sealed partial class PartitionConsumer
{
    /// <summary>Timer entries armed in memory, including replaced ones not yet dropped: an upper bound on the timer backlog, read without the gate.</summary>
    public int ArmedTimerEntries => _timers.Count;
}
