using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Telemetry;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Entities;

/// <summary>
/// What a worker entity does on each operation: it reads its inputs, runs the core's <see cref="WorkerStep"/> (the same
/// step as the embedded host) and turns the step's actions into Durable Task terms: timers to arm as scheduled
/// self-signals, effects to start, stamped projection rows and dead letters for the caller. <see cref="ProcessorEntity"/>
/// only carries them out. Timers follow the one rule (docs/timers.md): a tick fires its timer only once the worker
/// knows its partition's records appended by the due time are applied, else the partition clock wakes it later.
/// </summary>
public sealed class ProcessorEntityCore(Router router, TimeProvider time, int maxAttempts = 3)
{
    public int MaxAttempts { get; } = maxAttempts;

    public EntityStep Apply(ProcessorEntityState? state, string processorName, string key, ApplyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var processor = Find(processorName);
        var worker = state is null ? null : WorkerRecordCodec.ToWorker(processor, state);
        var partition = state?.Partition ?? 0;
        var horizon = state?.Horizon;
        if (request.Release && worker is not null)
        {
            WorkerStep.Release(worker);
        }

        var step = new WorkerStep(MaxAttempts, request.SuppressEffects ? StepMode.Rebuild : StepMode.Live);
        var actions = new ApplyResults();
        var outcomes = new List<EventOutcome>(request.Events.Count);
        var deadLetters = new List<DeadLetterDocument>();
        var timerLetters = new List<DeadLetterDocument>();
        var now = time.GetUtcNow();
        foreach (var logEvent in request.Events)
        {
            var read = logEvent.Read();
            if (!read.IsValid)
            {
                // The router validated it; a record that no longer parses is a bug or a corrupted message, kept for a person.
                outcomes.Add(new EventOutcome(logEvent.Partition, logEvent.Sequence, ApplyOutcome.Failed, read.Rejection.ToString(), 0));
                deadLetters.Add(DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, processorName, key, logEvent, read.Rejection.ToString(), 0, now));
                continue;
            }

            // A redriven event (Release) was appended long ago: its worker's timers do not fire ahead of it.
            var appendedAt = request.Release ? DateTimeOffset.MinValue : logEvent.EnqueuedTime;
            var letters = actions.DeadLetters.Count;
            var decided = actions.Effects.Count;
            using var span = AzureTracing.StartStep(logEvent, processorName, key);
            var outcome = step.Event(processor, ref worker, key, read.Event, appendedAt, state?.Generation ?? 0, actions, request.Release);
            Stamp(actions.Effects, decided, span?.Id, read.Event.Raw.Span, request.Release ? null : logEvent.EnqueuedTime);
            horizon = Later(horizon, appendedAt);
            if (outcome == ApplyOutcome.Applied)
            {
                partition = logEvent.Partition;
            }

            var letter = actions.DeadLetters.Count > letters && actions.DeadLetters[^1].Kind != DeadLetterKind.TimerFailed ? actions.DeadLetters[^1] : (StepDeadLetter?)null;
            outcomes.Add(new EventOutcome(logEvent.Partition, logEvent.Sequence, outcome, letter?.Reason, letter?.Attempts ?? 0));
            if (letter is { } refused)
            {
                deadLetters.Add(DeadLetterDocument.ForEvent(refused.Kind, processorName, key, logEvent, refused.Reason, refused.Attempts, now));
            }
        }

        // Every record of the partition appended by the batch's horizon has been delivered: timers due by then fire now.
        horizon = Later(horizon, request.Horizon);
        if (worker is not null && horizon is { } upTo)
        {
            step.FireDue(processor, worker, upTo, partition, actions);
        }

        TimerLetters(actions, processorName, key, now, timerLetters);
        var next = worker is null ? null : WorkerRecordCodec.FromWorker(processor, worker, partition);
        if (next is not null)
        {
            next.Horizon = horizon;
        }

        return new EntityStep(
            next,
            new ApplyReport(outcomes) { Projections = Stamp(worker, actions), TimerLetters = timerLetters },
            Arms(actions),
            request.SuppressEffects ? [] : [.. actions.Effects],
            deadLetters);
    }

    /// <summary>
    /// Effects decided on an event keep when Event Hubs accepted it (for the ingest-to-effect latency; not when redriven)
    /// and its trace: the traced step's <c>traceparent</c>, else the producer's (CloudEvents distributed tracing), so that
    /// their delivery request joins the producer's trace.
    /// </summary>
    private static void Stamp(List<Effect> effects, int from, string? step, ReadOnlySpan<byte> raw, DateTimeOffset? ingestedAt)
    {
        if (effects.Count == from)
        {
            return;
        }

        var traceParent = step ?? (TraceParentReader.TryRead(raw, out var producer, out _) ? producer : null);
        for (var i = from; i < effects.Count; i++)
        {
            effects[i] = effects[i] with { TraceParent = traceParent, IngestedAt = ingestedAt };
        }
    }

    /// <summary>
    /// Handles a timer's scheduled self-signal. A stale token (cancelled or replaced timer) is ignored; a tick that
    /// arrives before the due time held in state (scheduled signals may fire early) re-arms with the same token; a tick
    /// whose due is past what the worker knows of its partition's progress waits for the partition clock.
    /// </summary>
    public EntityStep Tick(ProcessorEntityState? state, string processorName, string key, TimerTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        if (state?.Timers is null || !state.Timers.TryGetValue(tick.Name, out var timer) || timer.Token != tick.Token || state.Status != WorkerStatus.Active)
        {
            return new EntityStep(state, Report(state, ApplyOutcome.Stale), [], [], []);
        }

        if (timer.Due > time.GetUtcNow())
        {
            return new EntityStep(state, Report(state, ApplyOutcome.Early), [new TimerArm(tick.Name, timer.Due, tick.Token)], [], []);
        }

        if (state.Horizon is not { } horizon || timer.Due > horizon)
        {
            return new EntityStep(state, Report(state, ApplyOutcome.Deferred), [], [], []) { AwaitClock = new TimerArm(tick.Name, timer.Due, tick.Token) };
        }

        return Wake(state, processorName, key, new TimerWake(horizon));
    }

    /// <summary>The partition clock's signal: the partition's records appended by the horizon are applied; timers due by then fire.</summary>
    public EntityStep Wake(ProcessorEntityState? state, string processorName, string key, TimerWake wake)
    {
        ArgumentNullException.ThrowIfNull(wake);
        if (state is null)
        {
            return new EntityStep(null, Report(state, ApplyOutcome.Stale), [], [], []);
        }

        var processor = Find(processorName);
        var worker = WorkerRecordCodec.ToWorker(processor, state);
        var actions = new ApplyResults();
        var horizon = Later(state.Horizon, wake.Horizon)!.Value;
        var fired = new WorkerStep(MaxAttempts).FireDue(processor, worker, horizon, state.Partition, actions);
        var letters = new List<DeadLetterDocument>();
        TimerLetters(actions, processorName, key, time.GetUtcNow(), letters);
        var next = WorkerRecordCodec.FromWorker(processor, worker, state.Partition);
        next.Horizon = horizon;
        var outcome = actions.Failures > 0 ? ApplyOutcome.Failed : fired > 0 ? ApplyOutcome.Applied : ApplyOutcome.Stale;
        return new EntityStep(
            next,
            Report(state, outcome, worker.QuarantineReason) with { Projections = Stamp(worker, actions) },
            Arms(actions),
            [.. actions.Effects],
            letters);
    }

    /// <summary>Quarantines the worker without reading the processor's state (used when an operation itself failed).</summary>
    public static ProcessorEntityState? Quarantine(ProcessorEntityState? state, string processorName, string key, string reason, DateTimeOffset now)
    {
        state ??= new ProcessorEntityState { Processor = processorName, Key = key, ActivatedAt = now };
        if (state.Status == WorkerStatus.Retired)
        {
            return state;
        }

        state.Status = WorkerStatus.Quarantined;
        state.QuarantineReason = reason;
        state.LastChangedAt = now;
        return state;
    }

    /// <summary>
    /// The step's projection rows, stamped with the worker's generation and handler runs after the step: every step that
    /// decides a row runs a handler, so the stamp grows with each one and orders two writes of the same row.
    /// </summary>
    internal static IReadOnlyList<StampedChange> Stamp(Worker? worker, ApplyResults results) =>
        worker is null ? [] : StampedChange.Of(results.ProjectionChanges, worker.Generation, worker.EventsApplied + worker.TimersFired);

    /// <summary>The step's failed timers as dead letters (its refused and parked events are reported per event).</summary>
    internal static void TimerLetters(ApplyResults actions, string processorName, string key, DateTimeOffset now, List<DeadLetterDocument> into)
    {
        foreach (var letter in actions.DeadLetters)
        {
            if (letter.Kind == DeadLetterKind.TimerFailed)
            {
                into.Add(DeadLetterDocument.ForTimer(processorName, key, letter.Timer!, letter.TimerDue!.Value, letter.Reason, letter.Attempts, now));
            }
        }
    }

    private static IReadOnlyList<TimerArm> Arms(ApplyResults actions) =>
        [.. actions.ArmedTimers.Select(t => new TimerArm(t.Timer.Name, t.Timer.Due, t.Timer.Token))];

    private static ApplyReport Report(ProcessorEntityState? state, ApplyOutcome outcome, string? reason = null) =>
        new([new EventOutcome(state?.Partition ?? 0, 0, outcome, outcome == ApplyOutcome.Failed ? reason : null)]);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private IProcessor Find(string processorName) =>
        router.Find(processorName) ?? throw new InvalidOperationException($"no processor named '{processorName}' is registered in this app");
}
