using MicroStreams.Effects;
using MicroStreams.Embedded.Effects;

namespace MicroStreams.Embedded.Tests.TestSupport;

/// <summary>A sink that records every attempt and answers as <see cref="Respond"/> says (delivered by default).</summary>
internal sealed class RecordingSink(string channel, TimeProvider time) : IEffectSink
{
    private readonly Lock _gate = new();
    private readonly List<Effect> _delivered = [];
    private readonly List<(Effect Effect, DateTimeOffset At)> _attempts = [];

    public string Channel { get; } = channel;

    public Func<Effect, DeliveryResult>? Respond { get; set; }

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

    public Task<DeliveryResult> DeliverAsync(Effect effect, CancellationToken cancellationToken)
    {
        var result = Respond?.Invoke(effect) ?? DeliveryResult.Delivered;
        lock (_gate)
        {
            _attempts.Add((effect, time.GetUtcNow()));
            if (result.Status == DeliveryStatus.Delivered)
            {
                _delivered.Add(effect);
            }
        }

        return Task.FromResult(result);
    }
}
