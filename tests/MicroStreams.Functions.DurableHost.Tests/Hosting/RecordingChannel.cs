using System.Collections.Concurrent;
using MicroStreams.Effects;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>An effect channel that delivers by remembering: the test reads what the DeliverEffect orchestrations sent.</summary>
internal sealed class RecordingChannel(string channel) : IEffectSender
{
    private readonly ConcurrentQueue<Effect> _sent = new();

    public string Channel { get; } = channel;

    public IReadOnlyCollection<Effect> Sent => _sent;

    public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        _sent.Enqueue(effect);
        return Task.FromResult(EffectDeliveryResult.Delivered);
    }
}
