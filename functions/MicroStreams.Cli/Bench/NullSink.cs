using MicroStreams.Effects;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// Accepts every effect of its channel at once, counting them: the benchmarks measure the engine, not an email service.
/// Keeps who each effect went to, for the check that a peer decided the same effects.
/// </summary>
public sealed class NullSink(string channel) : IEffectSender
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _recipients = new(StringComparer.Ordinal);
    private long _delivered;

    /// <summary>Worker, channel and target of every effect delivered (<see cref="Peers.EffectRecord.Recipient"/>).</summary>
    public IReadOnlyCollection<string> Recipients => (IReadOnlyCollection<string>)_recipients.Keys;

    public string Channel => channel;

    public long Delivered => Interlocked.Read(ref _delivered);

    public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _delivered);
        _recipients.TryAdd(Peers.EffectRecord.Of(effect).Recipient, 0);
        return Task.FromResult(EffectDeliveryResult.Delivered);
    }
}
