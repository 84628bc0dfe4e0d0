using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Hosting;

namespace MicroStreams.Embedded;

public sealed partial class EmbeddedRuntime
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    // Under light load every group commit of the log woke each touched partition's consumer for a few events, and each
    // step committed state.db and woke the delivery loop: at 1,000 single-event requests/s, ~340 state.db commits and
    // ~280 outbox polls a second, which doubled the acknowledgement latency of the requests themselves (server-side
    // p50 0.7-1.8 -> 3.0-3.2 ms, p99 6.2-7.8 -> 11.8-13.6 ms against the same server with processing off): the
    // commits compete with the log's fsync for the disk and with Kestrel for the two cores. So a consumer with a
    // small backlog lingers first and takes everything that arrived meanwhile in one step (Kafka's fetch.max.wait),
    // and the delivery loop does the same when a step wakes it. A backlog of LingerBelowEvents or more steps at
    // once, so a loaded runtime drains as before; the linger is wall-clock time, also under a simulated clock.
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private const long LingerBelowEvents = 1_000;
    private readonly SemaphoreSlim[] _signals;
    private readonly SemaphoreSlim _deliverySignal = new(0, 1);

    private void StartBackground()
    {
        foreach (var consumer in _consumers)
        {
            _loops.Add(Task.Run(() => ConsumeLoopAsync(consumer, _stopping.Token)));
        }

        _loops.Add(Task.Run(() => DeliveryLoopAsync(_stopping.Token)));
    }

    private void Wake(int partition) => Release(_signals[partition]);

    private static void Release(SemaphoreSlim signal)
    {
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    private async Task ConsumeLoopAsync(PartitionConsumer consumer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Time.GetUtcNow();
            if (consumer.HasWork(now))
            {
                try
                {
                    if (ShouldLinger(consumer, now))
                    {
                        await Task.Delay(Linger, cancellationToken);
                    }

                    if (await consumer.StepAsync(cancellationToken) > 0)
                    {
                        Release(_deliverySignal);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed step committed nothing (disk full, I/O error): the batch is read again from the checkpoint.
                    RuntimeLog.StepFailed(_logger, ex, consumer.Partition, FailureBackoff);
                    await Task.Delay(FailureBackoff, Time, cancellationToken);
                }

                continue;
            }

            var wait = consumer.NextTimerDue is { } due ? Clamp(due - now) : IdlePoll;
            await WaitAsync(_signals[consumer.Partition], wait, cancellationToken);
        }
    }

    /// <summary>Whether the consumer only has a few new events (no due timer) and should wait for more before stepping.</summary>
    private bool ShouldLinger(PartitionConsumer consumer, DateTimeOffset now)
    {
        var backlog = Log.Head(consumer.Partition) - consumer.Checkpoint;
        return backlog is > 0 and < LingerBelowEvents && !(consumer.NextTimerDue <= now);
    }

    private async Task DeliveryLoopAsync(CancellationToken cancellationToken)
    {
        var lastRetention = Time.GetUtcNow();
        var woken = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (woken)
                {
                    // Woken by a consumer step: let the other partitions' steps of the same moment land first.
                    await Task.Delay(Linger, cancellationToken);
                    woken = false;
                }

                if (await _delivery.DeliverDueAsync(cancellationToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RuntimeLog.DeliveryFailed(_logger, ex, FailureBackoff);
                await Task.Delay(FailureBackoff, Time, cancellationToken);
                continue;
            }

            var now = Time.GetUtcNow();
            if (Options.LogRetention is { } retention && now - lastRetention > TimeSpan.FromMinutes(1))
            {
                lastRetention = now;
                ApplyRetention(retention);
            }

            var wait = _delivery.NextDue is { } due ? Clamp(due - now) : IdlePoll;
            woken = await WaitAsync(_deliverySignal, wait, cancellationToken);
        }
    }

    private void ApplyRetention(TimeSpan retention)
    {
        var before = Time.GetUtcNow() - retention;
        foreach (var consumer in _consumers)
        {
            Log.DeleteConsumed(consumer.Partition, consumer.Checkpoint, before);
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > IdlePoll ? IdlePoll : wait;

    /// <summary>Waits for a wake-up or for <paramref name="timeout"/> on the runtime's clock, whichever comes first; true when woken.</summary>
    private async Task<bool> WaitAsync(SemaphoreSlim signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, Time, linked.Token);
        var woken = signal.WaitAsync(linked.Token);
        await Task.WhenAny(delay, woken);
        await linked.CancelAsync();
        try
        {
            await Task.WhenAll(delay, woken);
        }
        catch (OperationCanceledException)
        {
            // One of the two was cancelled because the other completed, or the runtime is stopping.
        }

        return woken.IsCompletedSuccessfully;
    }
}
