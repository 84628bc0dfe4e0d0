using MicroStreams.Effects;

namespace MicroStreams.Embedded.Tests.TestSupport;

/// <summary>A sink that records every attempt and answers as <see cref="Respond"/> says (delivered by default).</summary>
internal sealed class RecordingSink(string channel, TimeProvider time) : IEffectSender
{
    private readonly Lock _gate = new();
    private readonly List<Effect> _delivered = [];
    private readonly List<(Effect Effect, DateTimeOffset At)> _attempts = [];

    public string Channel { get; } = channel;

    public Func<Effect, EffectDeliveryResult>? Respond { get; set; }

    public IReadOnlyList<Effect> Delivered
    {
        get
        {
            lock (_gate)
            {
                return [.. _delivered];
            }
        }
    }

    public IReadOnlyList<(Effect Effect, DateTimeOffset At)> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
    {
        var result = Respond?.Invoke(effect) ?? EffectDeliveryResult.Delivered;
        lock (_gate)
        {
            _attempts.Add((effect, time.GetUtcNow()));
            if (result.Status == EffectDeliveryStatus.Delivered)
            {
                _delivered.Add(effect);
            }
        }

        return Task.FromResult(result);
    }
}
