using MicroStreams.Embedded.State;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// One destination's virtual queue in memory: the claimed effects waiting for it, in commit order, whether a pump is
/// delivering them, and whether it is backed off after a transient failure (then nothing more is queued for it until a
/// sweep after <see cref="BackedOffUntil"/> reads its effects back from the outbox, in order).
/// </summary>
internal sealed class DeliveryLane(string destination)
{
    public string Destination { get; } = destination;

    public Queue<OutboxEntry> Waiting { get; } = new();

    public bool Pumping { get; set; }

    public bool BackedOff { get; set; }

    public DateTimeOffset BackedOffUntil { get; set; }
}
