using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Workers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace MicroStreams.Functions.Orchestration;

/// <summary>
/// Applies one planned batch: one <c>CallEntityAsync</c> per (processor, key) carrying that key's events in order, all
/// keys in parallel (orchestration-to-entity messages are ordered and de-duplicated, unlike client signals). The
/// projection rows the workers decided are written through an activity, stamped so that a row is never replaced by an
/// older one. Events a worker refused or parked, and every event of a key whose operation failed outright, are written
/// to the dead-letter store through an activity, and such a key is quarantined. The batch then completes, so the
/// trigger may checkpoint: rows and dead letters are stored before the log position advances.
/// </summary>
public static class ApplyBatchOrchestration
{
    public static async Task<ApplyBatchResult> RunAsync(TaskOrchestrationContext context, string writeDeadLettersActivity, string writeProjectionsActivity)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ApplyBatchInput>() ?? throw new InvalidOperationException("ApplyBatch needs an ApplyBatchInput");
        var calls = new Task<KeyResult>[input.Keys.Count];
        for (var i = 0; i < input.Keys.Count; i++)
        {
            calls[i] = CallAsync(context, input.Keys[i], input.Generation, input.Horizon);
        }

        var results = await Task.WhenAll(calls);
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var letters = new List<DeadLetterDocument>();
        var rows = new List<StampedChange>();
        int applied = 0, skipped = 0, failedKeys = 0;
        foreach (var result in results)
        {
            if (result.Error is { } error)
            {
                failedKeys++;
                letters.AddRange(result.Batch.Events.Select(e => DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, result.Batch.Processor, result.Batch.Key, e, error, 1, now)));
                await context.Entities.SignalEntityAsync(EntityKeys.For(result.Batch.Processor, result.Batch.Key, input.Generation), ProcessorEntity.QuarantineOperation, error);
                continue;
            }

            letters.AddRange(DeadLettersOf(result.Batch, result.Report!, now));
            letters.AddRange(result.Report!.TimerLetters);
            rows.AddRange(result.Report!.Projections);
            applied += result.Report!.Outcomes.Count(o => o.Outcome == ApplyOutcome.Applied);
            skipped += result.Report.Outcomes.Count(o => o.Outcome is ApplyOutcome.Duplicate or ApplyOutcome.NotActivated or ApplyOutcome.Retired);
        }

        await ProjectionWriteOrchestration.WriteAsync(context, writeProjectionsActivity, rows);
        if (letters.Count > 0)
        {
            await context.CallActivityAsync(writeDeadLettersActivity, letters, TaskOptions.FromRetryPolicy(DeadLetterRetry.Policy));
        }

        // The partition's records up to the batch's last are applied: its clock may wake workers whose timers are due by then.
        if (input.Generation == 0 && input.Horizon is { } horizon)
        {
            await context.Entities.SignalEntityAsync(Timers.PartitionClockKeys.For(input.Partition), Timers.PartitionClockEntity.AdvanceOperation, new Timers.ClockAdvance(horizon, input.LastSequence));
        }

        return new ApplyBatchResult(input.Keys.Count, applied, skipped, letters.Count, failedKeys) { ProjectionRows = rows.Count };
    }

    /// <summary>The dead letters an entity's report calls for: refused (<see cref="ApplyOutcome.Failed"/>) and parked events.</summary>
    public static IEnumerable<DeadLetterDocument> DeadLettersOf(KeyBatch batch, ApplyReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(report);
        var bySequence = batch.Events.ToDictionary(e => (e.Partition, e.Sequence));
        foreach (var outcome in report.Outcomes)
        {
            var kind = outcome.Outcome switch
            {
                ApplyOutcome.Failed => DeadLetterKind.HandlerFailed,
                ApplyOutcome.Parked => DeadLetterKind.Parked,
                _ => (DeadLetterKind?)null,
            };
            if (kind is { } k && bySequence.TryGetValue((outcome.Partition, outcome.Sequence), out var @event))
            {
                yield return DeadLetterDocument.ForEvent(k, batch.Processor, batch.Key, @event, outcome.Reason ?? k.ToString(), outcome.Attempts, now);
            }
        }
    }

    private static async Task<KeyResult> CallAsync(TaskOrchestrationContext context, KeyBatch batch, long generation, DateTimeOffset? horizon)
    {
        try
        {
            var report = await context.Entities.CallEntityAsync<ApplyReport>(
                EntityKeys.For(batch.Processor, batch.Key, generation),
                ProcessorEntity.ApplyOperation,
                new ApplyRequest(batch.Events, SuppressEffects: generation != 0, Horizon: horizon));
            return new KeyResult(batch, report, null);
        }
        catch (EntityOperationFailedException ex)
        {
            return new KeyResult(batch, null, $"{ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}");
        }
    }

    private sealed record KeyResult(KeyBatch Batch, ApplyReport? Report, string? Error);
}
