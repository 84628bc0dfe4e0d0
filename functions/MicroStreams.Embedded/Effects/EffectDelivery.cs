using System.Collections.Concurrent;
using MicroStreams.Effects;
using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Telemetry;

namespace MicroStreams.Embedded.Effects;

/// <summary>
/// Delivers the outbox: each destination (channel and target) is its own virtual queue (<see cref="DeliveryLane"/>),
/// delivered in commit order by its own pump and backed off exponentially on failure while other destinations go on
/// (Segment's Centrifuge design), with at most <see cref="EmbeddedOptions.DeliveryConcurrency"/> attempts in flight.
/// An effect still undelivered past its maximum age, or refused for good, goes to the dead-letter store.
/// <para>
/// A commit hands its new effects over as it stores them (<see cref="OutboxStore.Stored"/>), so a fresh effect is on
/// its way without being read back from the outbox. A sweep reads the outbox for the rest: at start, when a backoff
/// ends, and while more is pending than the lanes hold. Each effect is claimed once, in memory, until its outcome is
/// stored; a sweep and a hand-over run under the writer's lock, so neither can claim what the other already has.
/// </para>
/// </summary>
internal sealed class EffectDelivery : IDisposable
{
    private const int SweepSize = 2048;

    /// <summary>Effects claimed at once; past this the commits' hand-overs are left to a sweep.</summary>
    private const int MaxClaimed = 4 * SweepSize;

    private readonly OutboxStore _outbox;
    private readonly EffectAttempt _attempt;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private readonly Lock _flushGate = new();
    private readonly Dictionary<string, DeliveryLane> _lanes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<OutboxEntry> _delivered = new();
    private bool _sweepNeeded = true;
    private DateTimeOffset _nextSweep = DateTimeOffset.MaxValue;
    private int _pumps;
    private TaskCompletionSource? _idle;
    private long _attemptsSinceDrain;
    private Exception? _failure;

    /// <param name="metrics">Where the ingest-to-effect latency of delivered effects is recorded.</param>
    public EffectDelivery(OutboxStore outbox, IEnumerable<IEffectSender> senders, EmbeddedOptions options, TimeProvider time, RuntimeMetrics? metrics, CancellationToken stopping)
    {
        _outbox = outbox;
        _attempt = new EffectAttempt(outbox, senders, options, time, stopping) { Metrics = metrics };
        _time = time;
        _stopping = stopping;
        _slots = new SemaphoreSlim(options.DeliveryConcurrency);
        outbox.Stored += Offer;
    }


    /// <summary>Raised when the delivery loop has something to do: outcomes to store, or a sweep to run.</summary>
    public event Action? Progressed;

    public long Delivered;
    public long Retries;
    public long Undeliverable;

    /// <summary>When the next sweep is due (a backoff ends); null when none is planned.</summary>
    public DateTimeOffset? NextSweep
    {
        get
        {
            lock (_gate)
            {
                // A sweep while the lanes are full waits for their progress (they signal it), not for the clock.
                return _sweepNeeded ? (_claimed.Count < MaxClaimed ? _time.GetUtcNow() : null)
                    : _nextSweep == DateTimeOffset.MaxValue ? null : _nextSweep;
            }
        }
    }

    /// <summary>
    /// One turn of the delivery loop: stores the outcomes delivered so far, then sweeps the outbox if it is time to.
    /// Returns how many effects it stored as delivered and handed to lanes. Rethrows a pump's storage failure.
    /// </summary>
    public int Advance(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            throw new InvalidOperationException("Storing a delivery outcome failed; the effects it concerned are read again from the outbox.", failure);
        }

        return Flush(now) + Sweep(now);
    }

    /// <summary>Delivers every effect due now and waits for the outcomes; returns how many attempts were made since the last call.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var advanced = Advance(_time.GetUtcNow());
            await WhenIdleAsync().WaitAsync(cancellationToken);
            if (advanced == 0 && _delivered.IsEmpty)
            {
                break;
            }
        }

        return (int)Interlocked.Exchange(ref _attemptsSinceDrain, 0);
    }

    /// <summary>Completes when no pump is delivering.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _pumps == 0 ? Task.CompletedTask : (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Stores the delivered outcomes in one transaction (with <see cref="Durability.Full"/> every transaction is an fsync), then releases their claims.</summary>
    public int Flush(DateTimeOffset now)
    {
        lock (_flushGate)
        {
            var entries = new List<OutboxEntry>();
            while (_delivered.TryDequeue(out var entry))
            {
                entries.Add(entry);
            }

            if (entries.Count == 0)
            {
                return 0;
            }

            try
            {
                _outbox.MarkDelivered(entries, now);
            }
            catch
            {
                // Still claimed, so no sweep delivers them again: stored by the next flush.
                foreach (var entry in entries)
                {
                    _delivered.Enqueue(entry);
                }

                throw;
            }

            lock (_gate)
            {
                foreach (var entry in entries)
                {
                    _claimed.Remove(entry.Effect.Id);
                }
            }

            Interlocked.Add(ref Delivered, entries.Count);
            return entries.Count;
        }
    }

    /// <summary>A commit's new effects, handed over under the writer's lock right after the commit.</summary>
    private void Offer(IReadOnlyList<OutboxEntry> stored)
    {
        var wake = false;
        List<(OutboxEntry Entry, DateTimeOffset Until)>? deferred = null;
        lock (_gate)
        {
            if (_sweepNeeded || _claimed.Count >= MaxClaimed)
            {
                // Older effects wait in the outbox: a sweep takes these with them, in order.
                wake = !_sweepNeeded;
                _sweepNeeded = true;
            }
            else
            {
                foreach (var entry in stored)
                {
                    var lane = LaneOf(entry);
                    if (lane.BackedOff)
                    {
                        (deferred ??= []).Add((entry, lane.BackedOffUntil));
                        continue;
                    }

                    Claim(entry);
                }
            }
        }

        if (deferred is not null)
        {
            // Behind a backed-off destination: due with it, so the outbox says so and a restart keeps the order.
            _outbox.Defer(deferred);
        }

        if (wake)
        {
            Progressed?.Invoke();
        }
    }

    private int Sweep(DateTimeOffset now)
    {
        lock (_outbox.Gate)
        {
            int limit;
            lock (_gate)
            {
                if ((!_sweepNeeded && now < _nextSweep) || _claimed.Count >= MaxClaimed)
                {
                    return 0;
                }

                // Claimed effects are still pending in the outbox and come first: read past them.
                limit = _claimed.Count + SweepSize;
            }

            var due = _outbox.Due(now, limit);
            var nextDue = due.Count < limit ? _outbox.NextDueAfter(now) : null;
            due.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            lock (_gate)
            {
                var claimed = 0;
                _nextSweep = nextDue ?? DateTimeOffset.MaxValue;
                foreach (var entry in due)
                {
                    var lane = LaneOf(entry);
                    if (lane.BackedOff && now >= lane.BackedOffUntil)
                    {
                        lane.BackedOff = false;
                    }

                    claimed += Claim(entry) ? 1 : 0;
                }

                _sweepNeeded = due.Count >= limit;
                foreach (var lane in _lanes.Values.Where(l => l.BackedOff))
                {
                    _nextSweep = lane.BackedOffUntil < _nextSweep ? lane.BackedOffUntil : _nextSweep;
                }

                return claimed;
            }
        }
    }

    /// <summary>Queues an effect on its lane and starts the lane's pump; holding <see cref="_gate"/>.</summary>
    private bool Claim(OutboxEntry entry)
    {
        var lane = LaneOf(entry);
        if (lane.BackedOff || !_claimed.Add(entry.Effect.Id))
        {
            return false;
        }

        lane.Waiting.Enqueue(entry);
        if (!lane.Pumping)
        {
            lane.Pumping = true;
            _pumps++;
            _ = Task.Run(() => PumpAsync(lane), CancellationToken.None);
        }

        return true;
    }

    private DeliveryLane LaneOf(OutboxEntry entry)
    {
        var destination = entry.Destination;
        if (!_lanes.TryGetValue(destination, out var lane))
        {
            lane = new DeliveryLane(destination);
            _lanes.Add(destination, lane);
        }

        return lane;
    }

    private async Task PumpAsync(DeliveryLane lane)
    {
        var delivered = 0;
        OutboxEntry? entry = null;
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    // Deciding to stop and clearing Pumping under one lock: a claim made after this starts a new pump.
                    if (lane.BackedOff || !lane.Waiting.TryDequeue(out entry))
                    {
                        lane.Pumping = false;
                        if (!lane.BackedOff)
                        {
                            // An idle lane is made again by its next effect: destinations come and go.
                            _lanes.Remove(lane.Destination);
                        }

                        entry = null;
                        break;
                    }
                }

                await _slots.WaitAsync(_stopping);
                try
                {
                    delivered += await AttemptAsync(lane, entry) ? 1 : 0;
                }
                finally
                {
                    _slots.Release();
                }

                entry = null;
                if (delivered % 256 == 255)
                {
                    Progressed?.Invoke();
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // Storing an outcome failed: the lane's effects are released and read again from the outbox by a sweep.
            _failure = ex;
            Release(lane, entry, sweep: true);
            StopPumping(lane);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what was not stored as delivered is delivered again after a restart.
            Release(lane, entry, sweep: false);
            StopPumping(lane);
        }
        finally
        {
            lock (_gate)
            {
                if (--_pumps == 0)
                {
                    _idle?.TrySetResult();
                    _idle = null;
                }
            }

            Progressed?.Invoke();
        }
    }

    /// <summary>One attempt at an effect; true when it was delivered (its outcome is stored by the next <see cref="Flush"/>).</summary>
    private async Task<bool> AttemptAsync(DeliveryLane lane, OutboxEntry entry)
    {
        Interlocked.Increment(ref _attemptsSinceDrain);
        var outcome = await _attempt.RunAsync(entry);
        if (outcome.Status == EffectDeliveryStatus.Delivered)
        {
            _delivered.Enqueue(entry);
            return true;
        }

        if (outcome.Status == EffectDeliveryStatus.Rejected)
        {
            Interlocked.Increment(ref Undeliverable);
            Unclaim(entry);
            return false;
        }

        // A transient failure: the rest of this destination's queue waits with it, in order, and is read back by the
        // sweep after the backoff (the lane is marked first, so no sweep or hand-over queues it meanwhile).
        lock (_gate)
        {
            lane.BackedOff = true;
            lane.BackedOffUntil = outcome.RetryAt;
            _nextSweep = outcome.RetryAt < _nextSweep ? outcome.RetryAt : _nextSweep;
        }

        Release(lane, current: null, sweep: false);
        _attempt.StoreBackoff(entry, outcome);
        Unclaim(entry);
        Interlocked.Increment(ref Retries);
        return false;
    }

    /// <summary>Drops the lane's waiting effects (and the one in hand) from memory; they stay pending in the outbox for a sweep.</summary>
    private void Release(DeliveryLane lane, OutboxEntry? current, bool sweep)
    {
        lock (_gate)
        {
            if (current is not null)
            {
                _claimed.Remove(current.Effect.Id);
            }

            while (lane.Waiting.TryDequeue(out var waiting))
            {
                _claimed.Remove(waiting.Effect.Id);
            }

            _sweepNeeded |= sweep;
        }
    }

    private void StopPumping(DeliveryLane lane)
    {
        lock (_gate)
        {
            lane.Pumping = false;
        }
    }

    private void Unclaim(OutboxEntry entry)
    {
        lock (_gate)
        {
            _claimed.Remove(entry.Effect.Id);
        }
    }

    public void Dispose()
    {
        _outbox.Stored -= Offer;
        _slots.Dispose();
    }
}
