using System.Diagnostics;
using MicroStreams.Effects;
using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Telemetry;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// One attempt at one effect: an effect past its maximum age, or refused for good, is stored as undeliverable (a dead
/// letter); a transient failure (or a sender that throws) returns the end of the destination's backoff, which the
/// caller stores with <see cref="StoreBackoff"/> once no other attempt can take the destination's next effect.
/// </summary>
internal sealed class EffectAttempt(OutboxStore outbox, IEnumerable<IEffectSender> senders, EmbeddedOptions options, TimeProvider time, CancellationToken stopping)
{
    private readonly Dictionary<string, IEffectSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);

    /// <summary>Where the ingest-to-effect latency of delivered effects is recorded.</summary>
    public RuntimeMetrics? Metrics { get; init; }

    public async Task<AttemptOutcome> RunAsync(OutboxEntry entry)
    {
        var now = time.GetUtcNow();
        if (now > entry.ExpiresAt)
        {
            outbox.MarkUndeliverable(entry, entry.Attempts == 0
                ? $"expired ({entry.ExpiresAt:O}) before its first delivery attempt"
                : $"not delivered within its maximum age (expired {entry.ExpiresAt:O}) after {entry.Attempts} attempts", now);
            return AttemptOutcome.Undeliverable;
        }

        var result = await SendAsync(entry.Effect);
        switch (result.Status)
        {
            case EffectDeliveryStatus.Delivered:
                if (entry.Effect.IngestedAt is { } ingestedAt)
                {
                    Metrics?.EffectDelivered(entry.Effect.Channel, time.GetUtcNow() - ingestedAt);
                }

                return AttemptOutcome.Delivered;
            case EffectDeliveryStatus.Rejected:
                outbox.MarkUndeliverable(entry, $"rejected by the destination: {result.Error}", now);
                return AttemptOutcome.Undeliverable;
            default:
                return AttemptOutcome.RetryAfter(now + Backoff(entry.Attempts + 1), result.Error ?? "failed");
        }
    }

    /// <summary>Stores a transient failure: the effect and every other pending effect of its destination wait until <paramref name="outcome"/>'s end.</summary>
    public void StoreBackoff(OutboxEntry entry, AttemptOutcome outcome) => outbox.BackOff(entry, outcome.Error!, outcome.RetryAt);

    private async Task<EffectDeliveryResult> SendAsync(Effect effect)
    {
        using var span = DeliveryTracing.Start(effect);
        EffectDeliveryResult result;
        try
        {
            result = _senders.TryGetValue(effect.Channel, out var sender)
                ? await sender.SendAsync(effect, stopping)
                : EffectDeliveryResult.Reject($"no sender is registered for channel '{effect.Channel}'");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            result = EffectDeliveryResult.Retry($"the sender failed: {ex.Message}");
        }

        span?.SetStatus(result.Status == EffectDeliveryStatus.Delivered ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.Error);
        return result;
    }

    /// <summary>Exponential backoff with ±20 % jitter, capped.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.DeliveryBackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.DeliveryBackoffMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
