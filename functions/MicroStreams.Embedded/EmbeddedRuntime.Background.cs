using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Hosting;

namespace MicroStreams.Embedded;

public sealed partial class EmbeddedRuntime
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>How long a failed step or delivery round waits before trying again: operational pacing on real time, not
    /// on <see cref="Time"/>, which a simulated clock only moves when told (a full disk must not wait for that).</summary>
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(5);

    /// <summary>How long the delivery loop lets outcomes gather before it stores the next batch of them (with
    /// <see cref="Durability.Full"/> each batch is an fsync); deliveries themselves do not wait for it.</summary>
    private static readonly TimeSpan FlushPause = TimeSpan.FromMilliseconds(5);
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
                    // A commit hands its effects to the delivery itself (OutboxStore.Stored).
                    await consumer.StepAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed step committed nothing (disk full, I/O error): the batch is read again from the checkpoint.
                    RuntimeLog.StepFailed(_logger, ex, consumer.Partition, FailureBackoff);
                    await Task.Delay(FailureBackoff, TimeProvider.System, cancellationToken);
                }

                continue;
            }

            var wait = consumer.NextTimerDue is { } due ? Clamp(due - now) : IdlePoll;
            await WaitAsync(_signals[consumer.Partition], wait, cancellationToken);
        }
    }

    private async Task DeliveryLoopAsync(CancellationToken cancellationToken)
    {
        var lastRetention = Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Time.GetUtcNow();
            try
            {
                if (_delivery.Advance(now) > 0)
                {
                    await Task.Delay(FlushPause, TimeProvider.System, cancellationToken);
                    continue;
                }

                // In the try as well: a full disk fails the deletion's write too, and must not end the loop.
                if (Options.LogRetention is { } retention && now - lastRetention > TimeSpan.FromMinutes(1))
                {
                    lastRetention = now;
                    ApplyRetention(retention);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RuntimeLog.DeliveryFailed(_logger, ex, FailureBackoff);
                await Task.Delay(FailureBackoff, TimeProvider.System, cancellationToken);
                continue;
            }

            var wait = _delivery.NextSweep is { } due ? Clamp(due - now) : IdlePoll;
            await WaitAsync(_deliverySignal, wait, cancellationToken);
        }
    }

    /// <summary>On stop: the pumps end their attempts in flight, and what they delivered is stored as delivered, so a
    /// restart does not deliver it again.</summary>
    private async Task StopDeliveryAsync()
    {
        await _delivery.WhenIdleAsync();
        try
        {
            _delivery.Flush(Time.GetUtcNow());
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            // Delivered but not stored as such: delivered once more after the restart (receivers dedupe on the effect id).
            RuntimeLog.DeliveryFailed(_logger, ex, TimeSpan.Zero);
        }

        _delivery.Dispose();
    }

    private void ApplyRetention(TimeSpan retention)
    {
        var before = Time.GetUtcNow() - retention;
        foreach (var consumer in _consumers)
        {
            Log.DeleteConsumed(consumer.Partition, consumer.Checkpoint, before);
        }
    }

    /// <summary>
    /// A wait until a due time, rounded up to whole milliseconds: timers count in milliseconds, and a shorter wait
    /// ends at once, so the loop would spin (allocating a delay each turn) until the due time.
    /// </summary>
    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > IdlePoll ? IdlePoll : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));

    /// <summary>Waits for a wake-up or for <paramref name="timeout"/> on the runtime's clock, whichever comes first.</summary>
    private async Task WaitAsync(SemaphoreSlim signal, TimeSpan timeout, CancellationToken cancellationToken)
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
    }
}
