using MicroStreams.Effects;
using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Telemetry;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// Delivers the outbox: each destination (channel and target) is its own virtual queue, delivered in order and
/// backed off exponentially on failure, while other destinations go on (Segment's Centrifuge design). An effect
/// still undelivered past its maximum age, or refused for good, goes to the dead-letter store.
/// </summary>
internal sealed class EffectDelivery(OutboxStore outbox, IEnumerable<IEffectSender> senders, EmbeddedOptions options, TimeProvider time)
{
    private readonly Dictionary<string, IEffectSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);

    /// <summary>Where the ingest-to-effect latency of delivered effects is recorded.</summary>
    public RuntimeMetrics? Metrics { get; init; }

    public long Delivered;
    public long Retries;
    public long Undeliverable;

    public DateTimeOffset? NextDue => outbox.NextDue();

    /// <summary>Delivers every effect due now; returns how many attempts were made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = outbox.Due(now, 2048);
        if (due.Count == 0)
        {
            return 0;
        }

        var queues = due.GroupBy(e => e.Destination, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var attempts = 0;
        var delivered = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Parallel.ForEachAsync(queues, new ParallelOptions { MaxDegreeOfParallelism = options.DeliveryConcurrency, CancellationToken = cancellationToken }, async (queue, ct) =>
        {
            foreach (var entry in queue)
            {
                Interlocked.Increment(ref attempts);
                if (now > entry.ExpiresAt)
                {
                    outbox.MarkUndeliverable(entry, entry.Attempts == 0
                        ? $"expired ({entry.ExpiresAt:O}) before its first delivery attempt"
                        : $"not delivered within its maximum age (expired {entry.ExpiresAt:O}) after {entry.Attempts} attempts", now);
                    Interlocked.Increment(ref Undeliverable);
                    continue;
                }

                using var span = DeliveryTracing.Start(entry.Effect);
                var result = _senders.TryGetValue(entry.Effect.Channel, out var sender)
                    ? await sender.SendAsync(entry.Effect, ct)
                    : EffectDeliveryResult.Reject($"no sender is registered for channel '{entry.Effect.Channel}'");
                span?.SetStatus(result.Status == EffectDeliveryStatus.Delivered ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error, result.Error);
                if (result.Status == EffectDeliveryStatus.Delivered)
                {
                    if (entry.Effect.IngestedAt is { } ingestedAt)
                    {
                        Metrics?.EffectDelivered(entry.Effect.Channel, time.GetUtcNow() - ingestedAt);
                    }

                    delivered.Enqueue(entry.Effect.Id);
                    continue;
                }

                if (result.Status == EffectDeliveryStatus.Rejected)
                {
                    outbox.MarkUndeliverable(entry, $"rejected by the destination: {result.Error}", now);
                    Interlocked.Increment(ref Undeliverable);
                    continue;
                }

                // A transient failure: the rest of this destination's queue waits with it, in order.
                outbox.BackOff(entry, result.Error ?? "failed", now + Backoff(entry.Attempts + 1));
                Interlocked.Increment(ref Retries);
                break;
            }
        });

        // One transaction for the whole round: with Durability.Full every transaction is an fsync.
        if (!delivered.IsEmpty)
        {
            outbox.MarkDelivered([.. delivered], now);
            Interlocked.Add(ref Delivered, delivered.Count);
        }

        return attempts;
    }

    /// <summary>Exponential backoff with ±20 % jitter, capped.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.DeliveryBackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.DeliveryBackoffMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
