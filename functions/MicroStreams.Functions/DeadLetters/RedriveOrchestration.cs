using MicroStreams.DeadLetters;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Workers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace MicroStreams.Functions.DeadLetters;

/// <summary>
/// Redrives a worker's dead letters: loads them, re-applies them to the same key in log order in one entity operation
/// that first lifts the key's quarantine, writes the projection rows that decided, then marks the ones that applied as
/// redriven and rewrites the ones that failed again (the worker is quarantined again by the core apply path).
/// </summary>
public static class RedriveOrchestration
{
    public static async Task<RedriveResult> RunAsync(TaskOrchestrationContext context, string loadActivity, string writeActivity, string writeProjectionsActivity)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<RedriveInput>() ?? throw new InvalidOperationException("Redrive needs a RedriveInput");
        var retry = TaskOptions.FromRetryPolicy(DeadLetterRetry.Policy);
        var letters = await context.CallActivityAsync<List<DeadLetterDocument>>(loadActivity, input.DeadLetterIds, retry);
        var pending = letters
            .Where(l => l.Status == DeadLetterStatus.Pending && l.Processor == input.Processor && l.Key == input.Key && l.ToLogEvent() is not null)
            .OrderBy(l => l.Partition).ThenBy(l => l.Sequence)
            .ToList();
        if (pending.Count == 0)
        {
            return new RedriveResult(0, 0);
        }

        var events = pending.Select(l => l.ToLogEvent()!).ToList();
        ApplyReport report;
        try
        {
            report = await context.Entities.CallEntityAsync<ApplyReport>(
                EntityKeys.For(input.Processor, input.Key), ProcessorEntity.ApplyOperation, new ApplyRequest(events, Release: true));
        }
        catch (EntityOperationFailedException ex)
        {
            return new RedriveResult(0, pending.Count, ex.FailureDetails.ErrorMessage);
        }

        await ProjectionWriteOrchestration.WriteAsync(context, writeProjectionsActivity, report.Projections);
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var failedAgain = ApplyBatchOrchestration.DeadLettersOf(new Routing.KeyBatch(input.Processor, input.Key, events), report, now)
            .ToDictionary(l => l.Id, StringComparer.Ordinal);
        var updates = pending
            .Select(l => failedAgain.TryGetValue(l.Id, out var again)
                ? again with { CreatedAt = l.CreatedAt, UpdatedAt = now, Attempts = l.Attempts + again.Attempts }
                : l with { Status = DeadLetterStatus.Redriven, UpdatedAt = now, RedriveInstanceId = context.InstanceId })
            .ToList();
        await context.CallActivityAsync(writeActivity, updates, retry);
        return new RedriveResult(pending.Count - failedAgain.Count, failedAgain.Count);
    }
}
