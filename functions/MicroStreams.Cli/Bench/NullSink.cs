using MicroStreams.Effects;
using MicroStreams.Embedded.Effects;

namespace MicroStreams.Cli.Bench;

/// <summary>Accepts every effect of its channel at once, counting them: the benchmarks measure the engine, not an email service.</summary>
public sealed class NullSink(string channel) : IEffectSink
{
    private long _delivered;

    public string Channel => channel;

    public long Delivered => Interlocked.Read(ref _delivered);

    public Task<DeliveryResult> DeliverAsync(Effect effect, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _delivered);
        return Task.FromResult(DeliveryResult.Delivered);
    }
}
