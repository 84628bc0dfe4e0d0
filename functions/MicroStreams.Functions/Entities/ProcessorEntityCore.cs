using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Entities;

/// <summary>
/// What a worker entity does on each operation, as plain code over the core's <see cref="WorkerApplier"/> (the same
/// apply path as the embedded host): dedupe by watermark, activation, retries, quarantine, timers with tokens,
/// effects with stable ids, the retire tombstone. <see cref="ProcessorEntity"/> only carries the decisions out.
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
        if (request.Release && worker is not null)
        {
            WorkerApplier.Release(worker);
        }

        var applier = new WorkerApplier(MaxAttempts);
        var results = new ApplyResults();
        var outcomes = new List<EventOutcome>(request.Events.Count);
        var deadLetters = new List<DeadLetterDocument>();
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

            var decided = results.Effects.Count;
            var outcome = applier.ApplyEvent(processor, ref worker, key, read.Event, results);
            StampTrace(results.Effects, decided, read.Event.Raw.Span);
            switch (outcome)
            {
                case ApplyOutcome.Applied:
                    partition = logEvent.Partition;
                    outcomes.Add(new EventOutcome(logEvent.Partition, logEvent.Sequence, outcome));
                    break;
                case ApplyOutcome.Failed:
                    var reason = worker?.QuarantineReason ?? results.LastError?.Message ?? "handler failed";
                    outcomes.Add(new EventOutcome(logEvent.Partition, logEvent.Sequence, outcome, reason, MaxAttempts));
                    deadLetters.Add(DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, processorName, key, logEvent, reason, MaxAttempts, now));
                    break;
                case ApplyOutcome.Parked:
                    var parked = $"worker quarantined: {worker?.QuarantineReason}";
                    outcomes.Add(new EventOutcome(logEvent.Partition, logEvent.Sequence, outcome, parked));
                    deadLetters.Add(DeadLetterDocument.ForEvent(DeadLetterKind.Parked, processorName, key, logEvent, parked, 0, now));
                    break;
                default:
                    outcomes.Add(new EventOutcome(logEvent.Partition, logEvent.Sequence, outcome));
                    break;
            }
        }

        var next = worker is null ? null : WorkerRecordCodec.FromWorker(processor, worker, partition);
        return new EntityStep(
            next,
            new ApplyReport(outcomes) { Projections = Stamp(worker, results) },
            [.. results.ArmedTimers.Select(t => new TimerArm(t.Timer.Name, t.Timer.Due, t.Timer.Token))],
            request.SuppressEffects ? [] : [.. results.Effects],
            deadLetters);
    }

    /// <summary>
    /// Effects decided on an event that carries a producer's <c>traceparent</c> (CloudEvents distributed tracing) keep it,
    /// so that their delivery request joins the producer's trace.
    /// </summary>
    private static void StampTrace(List<Effect> effects, int from, ReadOnlySpan<byte> raw)
    {
        if (effects.Count > from && TraceParentReader.TryRead(raw, out var traceParent, out _))
        {
            for (var i = from; i < effects.Count; i++)
            {
                effects[i] = effects[i] with { TraceParent = traceParent };
            }
        }
    }

    /// <summary>
    /// Handles a timer's scheduled self-signal. A stale token (cancelled or replaced timer) is ignored; a tick that
    /// arrives before the due time held in state (scheduled signals may fire early) re-arms with the same token.
    /// </summary>
    public EntityStep Tick(ProcessorEntityState? state, string processorName, string key, TimerTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        if (state is null)
        {
            return new EntityStep(null, new ApplyReport([new EventOutcome(0, 0, ApplyOutcome.Stale)]), [], [], []);
        }

        var processor = Find(processorName);
        var worker = WorkerRecordCodec.ToWorker(processor, state);
        var results = new ApplyResults();
        var now = time.GetUtcNow();
        var due = worker.FindTimer(tick.Name)?.Due;
        var outcome = new WorkerApplier(MaxAttempts).FireTimer(processor, worker, tick.Name, tick.Token, now, state.Partition, results);
        var report = new ApplyReport([new EventOutcome(state.Partition, 0, outcome, outcome == ApplyOutcome.Failed ? worker.QuarantineReason : null)]);
        switch (outcome)
        {
            case ApplyOutcome.Stale:
                return new EntityStep(state, report, [], [], []);
            case ApplyOutcome.Early:
                return new EntityStep(state, report, [new TimerArm(tick.Name, due!.Value, tick.Token)], [], []);
            case ApplyOutcome.Failed:
                var letter = DeadLetterDocument.ForTimer(processorName, key, tick.Name, due!.Value, worker.QuarantineReason ?? "timer handler failed", MaxAttempts, now);
                return new EntityStep(WorkerRecordCodec.FromWorker(processor, worker, state.Partition), report, [], [], [letter]);
            default:
                return new EntityStep(
                    WorkerRecordCodec.FromWorker(processor, worker, state.Partition),
                    report with { Projections = Stamp(worker, results) },
                    [.. results.ArmedTimers.Select(t => new TimerArm(t.Timer.Name, t.Timer.Due, t.Timer.Token))],
                    [.. results.Effects],
                    []);
        }
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

    private IProcessor Find(string processorName) =>
        router.Find(processorName) ?? throw new InvalidOperationException($"no processor named '{processorName}' is registered in this app");
}
