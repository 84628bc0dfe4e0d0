using MicroStreams.DeadLetters;
using MicroStreams.Events;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Routing;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>
/// The replay operations of a worker entity, as plain code over the core's <see cref="WorkerApplier"/>: <c>rebuild</c>
/// applies history to a new generation's worker with effects suppressed and timers re-derived in event time (those due
/// by an event's watermark fire before it, nothing is armed), and <c>switch</c> (WorkerRebuild.Switch.cs) makes the
/// rebuilt worker live or compares it with the live one. A shadow's worker also carries a baseline: the same history
/// under the live code, so the effects of the two codes can be compared step by step.
/// </summary>
public sealed partial class WorkerRebuild(Router router, ShadowVariants shadows, TimeProvider time, int maxAttempts = 3)
{
    public RebuildStep Rebuild(ProcessorEntityState? state, string processorName, string key, RebuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var live = Find(processorName);
        var code = CodeFor(live, request.Shadow);
        var worker = state is null ? null : WorkerRecordCodec.ToWorker(code, state);
        var baseline = request.Shadow && state?.Baseline is { } saved ? WorkerRecordCodec.ToWorker(live, saved) : null;
        var partition = state?.Partition ?? (request.Events.Count > 0 ? request.Events[0].Partition : 0);
        var applier = new WorkerApplier(maxAttempts);
        var results = new ApplyResults();
        var baselineResults = new ApplyResults();
        var now = time.GetUtcNow();
        var tally = new RebuildTally();
        var letters = new List<DeadLetterDocument>();
        for (var i = 0; i < request.Events.Count; i++)
        {
            var logEvent = request.Events[i];
            if (logEvent.Read() is not { IsValid: true } read)
            {
                continue;
            }

            var upTo = request.FireUpTo[i] < now ? request.FireUpTo[i] : now;
            if (code.Spec.Subscribes.Contains(read.Event.Type))
            {
                Step(applier, code, ref worker, key, logEvent, read.Event, upTo, request.Generation, results, tally, letters);
            }

            if (request.Shadow && live.Spec.Subscribes.Contains(read.Event.Type))
            {
                Step(applier, live, ref baseline, key, logEvent, read.Event, upTo, request.Generation, baselineResults, new RebuildTally(), null);
            }
        }

        var next = worker is null ? null : WorkerRecordCodec.FromWorker(code, worker, partition);
        if (next is not null && baseline is not null)
        {
            next.Baseline = WorkerRecordCodec.FromWorker(live, baseline, next.Partition);
        }

        var (onlyShadow, onlyLive) = request.Shadow ? EffectDiff.Between(results.Effects, baselineResults.Effects) : ([], []);
        return new RebuildStep(next, new RebuildReport
        {
            Applied = tally.Applied,
            TimersFired = tally.TimersFired,
            EffectsSuppressed = results.Effects.Count,
            HandlerFailures = tally.Failures,
            Projections = request.Shadow ? [] : ProcessorEntityCore.Stamp(worker, results),
            DeadLetters = request.Shadow ? [] : letters,
            OnlyInShadow = onlyShadow,
            OnlyInLive = onlyLive,
        });
    }

    /// <summary>Fires the worker's timers due by <paramref name="upTo"/>, then applies the event, as the live consumer would have.</summary>
    private void Step(
        WorkerApplier applier, IProcessor processor, ref Worker? worker, string key, LogEvent logEvent, StreamEvent @event, DateTimeOffset upTo,
        long generation, ApplyResults results, RebuildTally tally, List<DeadLetterDocument>? letters)
    {
        if (worker is not null)
        {
            var (fired, failed) = DueTimers.Fire(applier, processor, worker, upTo, logEvent.Partition, results);
            tally.TimersFired += fired;
            tally.Failures += failed ? 1 : 0;
        }

        var outcome = applier.ApplyEvent(processor, ref worker, key, @event, results);
        if (outcome is ApplyOutcome.Applied or ApplyOutcome.Failed)
        {
            worker!.Generation = generation;
        }

        var now = time.GetUtcNow();
        switch (outcome)
        {
            case ApplyOutcome.Applied:
                tally.Applied++;
                break;
            case ApplyOutcome.Failed:
                tally.Failures++;
                letters?.Add(DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, processor.Spec.Name, key, logEvent,
                    $"replay generation {generation}: {worker!.QuarantineReason}", maxAttempts, now));
                break;
            case ApplyOutcome.Parked:
                letters?.Add(DeadLetterDocument.ForEvent(DeadLetterKind.Parked, processor.Spec.Name, key, logEvent,
                    $"replay generation {generation}: worker quarantined: {worker!.QuarantineReason}", 0, now));
                break;
        }
    }

    private IProcessor CodeFor(IProcessor live, bool shadow) => shadow ? shadows.Find(live.Spec.Name) ?? live : live;

    private IProcessor Find(string processorName) =>
        router.Find(processorName) ?? throw new InvalidOperationException($"no processor named '{processorName}' is registered in this app");

    private sealed class RebuildTally
    {
        public int Applied;
        public int TimersFired;
        public int Failures;
    }
}

/// <summary>The result of a <c>rebuild</c> operation: the new generation's worker state and the report for the replay.</summary>
public sealed record RebuildStep(ProcessorEntityState? State, RebuildReport Report);
