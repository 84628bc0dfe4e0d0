using System.Collections.Concurrent;
using MicroStreams.Effects;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>Accepts every effect of its channel and keeps it, for the exact comparison with a peer's outbox.</summary>
public sealed class RecordingSink(string channel) : IEffectSender
{
    private readonly ConcurrentQueue<EffectRecord> _effects = new();

    public string Channel => channel;

    public IReadOnlyCollection<EffectRecord> Effects => _effects;

    public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        _effects.Enqueue(EffectRecord.Of(effect));
        return Task.FromResult(EffectDeliveryResult.Delivered);
    }
}
