using System.Text.Json;
using MicroStreams.Functions.Entities;
using MicroStreams.Workers;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

public sealed partial class WorkerRebuild
{
    /// <summary>
    /// Runs on the live worker's entity. When the live worker has applied a position the rebuild has not read, nothing
    /// changes and the answer is <see cref="SwitchOutcome.Behind"/>: the replay reads the archive further and asks again
    /// (operations on one entity run one at a time, so the comparison and the swap cannot be overtaken by a live batch).
    /// Otherwise the rebuilt worker fires its timers due by its partition's watermark (effects suppressed) and then either
    /// replaces the live worker, its remaining timers armed as signals, or (shadow) is compared with it.
    /// </summary>
    public SwitchStep Switch(ProcessorEntityState? live, string processorName, string key, SwitchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode == SwitchMode.Adopt && live?.Generation == request.Generation)
        {
            return new SwitchStep(live, [], new SwitchReport(SwitchOutcome.Adopted));
        }

        foreach (var mark in live?.Watermarks ?? [])
        {
            if (mark.Sequence > request.Positions.GetValueOrDefault(mark.Partition, -1))
            {
                return new SwitchStep(live, [], new SwitchReport(SwitchOutcome.Behind));
            }
        }

        var liveCode = Find(processorName);
        var code = CodeFor(liveCode, request.Mode == SwitchMode.Compare);
        var step = new WorkerStep(maxAttempts, request.Mode == SwitchMode.Compare ? StepMode.Shadow : StepMode.Rebuild);
        var results = new ApplyResults();
        var worker = request.Rebuilt is { } rebuilt ? WorkerRecordCodec.ToWorker(code, rebuilt) : null;
        var fired = worker is null ? 0 : FireDue(step, code, worker, request.Rebuilt!.Partition, live?.Horizon, request, results);
        var next = worker is null ? null : WorkerRecordCodec.FromWorker(code, worker, request.Rebuilt!.Partition);
        if (next is not null)
        {
            next.Horizon = live?.Horizon;
        }

        if (request.Mode == SwitchMode.Adopt)
        {
            var letters = new List<DeadLetters.DeadLetterDocument>();
            ProcessorEntityCore.TimerLetters(results, processorName, key, time.GetUtcNow(), letters);
            return new SwitchStep(
                next,
                worker is { Status: WorkerStatus.Active, Timers: { } timers } ? [.. timers.Values.Select(t => new TimerArm(t.Name, t.Due, t.Token))] : [],
                new SwitchReport(SwitchOutcome.Adopted)
                {
                    TimersFired = fired,
                    EffectsSuppressed = results.Effects.Count,
                    Projections = ProcessorEntityCore.Stamp(worker, results),
                    DeadLetters = letters,
                });
        }

        var baselineResults = new ApplyResults();
        if (request.Rebuilt?.Baseline is { } saved)
        {
            FireDue(step, liveCode, WorkerRecordCodec.ToWorker(liveCode, saved), saved.Partition, live?.Horizon, request, baselineResults);
        }

        var (liveJson, shadowJson) = (Canonical(live), Canonical(next));
        var (onlyShadow, onlyLive) = EffectDiff.Between(results.Effects, baselineResults.Effects);
        return new SwitchStep(live, [], new SwitchReport(SwitchOutcome.Compared)
        {
            TimersFired = fired,
            EffectsSuppressed = results.Effects.Count,
            Difference = string.Equals(liveJson, shadowJson, StringComparison.Ordinal) ? null : new WorkerDifference(key, (live ?? next)?.Partition ?? 0, Readable(liveCode, live), Readable(code, next)),
            OnlyInShadow = onlyShadow,
            OnlyInLive = onlyLive,
        });
    }

    /// <summary>
    /// A worker's record as shadows and the determinism check compare it: everything but its generation, a shadow's
    /// baseline and the host's horizon, timers in name order, as JSON text. Null when there is no worker.
    /// </summary>
    public static string? Canonical(ProcessorEntityState? state)
    {
        if (state is null)
        {
            return null;
        }

        var (generation, baseline, timers, horizon) = (state.Generation, state.Baseline, state.Timers, state.Horizon);
        try
        {
            state.Generation = 0;
            state.Baseline = null;
            state.Horizon = null;
            state.Timers = timers?.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            return JsonSerializer.Serialize(state);
        }
        finally
        {
            (state.Generation, state.Baseline, state.Timers, state.Horizon) = (generation, baseline, timers, horizon);
        }
    }

    private static JsonElement? Readable(MicroStreams.Processors.IProcessor code, ProcessorEntityState? state) =>
        state is null ? null : ReadableWorker.Of(WorkerRecordCodec.ToWorker(code, state), code);

    /// <summary>
    /// Fires the rebuilt worker's timers up to the recorded horizon: the live worker's own (it has fired exactly the timers
    /// due by it; later ones it fires when its partition gets there), or, with no live worker, the partition's.
    /// </summary>
    private int FireDue(WorkerStep step, MicroStreams.Processors.IProcessor code, Worker worker, int partition, DateTimeOffset? liveHorizon, SwitchRequest request, ApplyResults results)
    {
        var now = time.GetUtcNow();
        var watermark = liveHorizon ?? (request.Watermarks.TryGetValue(partition, out var mark) ? mark : DateTimeOffset.MinValue);
        return step.FireDue(code, worker, watermark < now ? watermark : now, partition, results);
    }
}

/// <summary>The result of a <c>switch</c> operation: the live entity's new state, timers to arm as signals, and the report.</summary>
public sealed record SwitchStep(ProcessorEntityState? State, IReadOnlyList<TimerArm> Timers, SwitchReport Report);
