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
/// The replay operations of a worker entity, as plain code over the core's <see cref="WorkerStep"/>: <c>rebuild</c>
/// applies history to a new generation's worker with effects suppressed and timers re-derived by the timer rule (those
/// due by a record's append time fire before it, nothing is armed), and <c>switch</c> (WorkerRebuild.Switch.cs) makes the
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
        var step = new WorkerStep(maxAttempts, request.Shadow ? StepMode.Shadow : StepMode.Rebuild);
        var actions = new ApplyResults();
        var baselineActions = new ApplyResults();
        var now = time.GetUtcNow();
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
                var before = actions.DeadLetters.Count;
                step.Event(code, ref worker, key, read.Event, upTo, request.Generation, actions);
                foreach (var letter in actions.DeadLetters.Skip(before))
                {
                    letters.Add(letter.Kind == DeadLetterKind.TimerFailed
                        ? DeadLetterDocument.ForTimer(processorName, key, letter.Timer!, letter.TimerDue!.Value, letter.Reason, letter.Attempts, now)
                        : DeadLetterDocument.ForEvent(letter.Kind, processorName, key, logEvent, letter.Reason, letter.Attempts, now));
                }
            }

            if (request.Shadow && live.Spec.Subscribes.Contains(read.Event.Type))
            {
                step.Event(live, ref baseline, key, read.Event, upTo, request.Generation, baselineActions);
            }
        }

        var next = worker is null ? null : WorkerRecordCodec.FromWorker(code, worker, partition);
        if (next is not null && baseline is not null)
        {
            next.Baseline = WorkerRecordCodec.FromWorker(live, baseline, next.Partition);
        }

        var effects = actions.Effects;
        var (onlyShadow, onlyLive) = request.Shadow ? EffectDiff.Between(effects, baselineActions.Effects) : ([], []);
        return new RebuildStep(next, new RebuildReport
        {
            Applied = actions.EventsApplied,
            TimersFired = actions.TimersFired,
            EffectsSuppressed = effects.Count,
            HandlerFailures = actions.Failures,
            Projections = request.Shadow ? [] : ProcessorEntityCore.Stamp(worker, actions),
            DeadLetters = request.Shadow ? [] : letters,
            OnlyInShadow = onlyShadow,
            OnlyInLive = onlyLive,
        });
    }

    private IProcessor CodeFor(IProcessor live, bool shadow) => shadow ? shadows.Find(live.Spec.Name) ?? live : live;

    private IProcessor Find(string processorName) =>
        router.Find(processorName) ?? throw new InvalidOperationException($"no processor named '{processorName}' is registered in this app");

}

/// <summary>The result of a <c>rebuild</c> operation: the new generation's worker state and the report for the replay.</summary>
public sealed record RebuildStep(ProcessorEntityState? State, RebuildReport Report);
