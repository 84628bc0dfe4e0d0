using System.Diagnostics;
using MicroStreams.Effects;

namespace MicroStreams.Cli.Demo;

/// <summary>Wraps a sender to count delivery attempts and the wall time spent in them.</summary>
public sealed class TimedSink(IEffectSender inner) : IEffectSender
{
    private long _attempts;
    private long _ticks;

    public string Channel => inner.Channel;

    public long Attempts => Interlocked.Read(ref _attempts);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public async Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await inner.SendAsync(effect, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _attempts);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        }
    }
}
