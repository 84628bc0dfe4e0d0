using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using Microsoft.DurableTask;
using static MicroStreams.Functions.Replay.ReplayOrchestration;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>One execution of the replay orchestration: runs phases until it is done or has scheduled enough tasks to restart.</summary>
internal sealed partial class ReplayRun(TaskOrchestrationContext context, ReplayActivities activities, ReplayState state)
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(DeadLetterRetry.Policy);
    private int _tasks;

    private ReplayRequest Request => state.View.Request;
    private long Generation => state.EntityGeneration;
    private DateTimeOffset Now => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    public async Task<ReplayView?> RunAsync()
    {
        while (state.Phase != ReplayPhase.Finished)
        {
            if (_tasks >= MaxTasksPerExecution)
            {
                Publish();
                context.ContinueAsNew(state);
                return null;
            }

            await (state.Phase switch
            {
                ReplayPhase.Plan => PlanAsync(),
                ReplayPhase.Read => ReadAsync(),
                ReplayPhase.SwitchProjections => SwitchProjectionsAsync(),
                ReplayPhase.Switch => SwitchPageAsync(),
                ReplayPhase.Retry => RetryAsync(),
                ReplayPhase.Cleanup => CleanupPageAsync(),
                _ => throw new InvalidOperationException($"unknown replay phase {state.Phase}"),
            });
            Publish();
        }

        state.View = ReplayProgress.Finish(state, Now);
        context.SetCustomStatus(ReplayProgress.Summary(state.View));
        return state.View;
    }

    private async Task PlanAsync()
    {
        var plan = await CallAsync<ReplayPlan>(activities.Plan, new ReplayPlanRequest(Request));
        state.Cursors = [.. plan.Partitions.OrderBy(p => p.Partition).Select(p => new ReplayCursor { Partition = p.Partition, Target = p.Target })];
        state.ProjectionVersions = plan.ProjectionVersions is null ? null : new Dictionary<string, long>(plan.ProjectionVersions, StringComparer.Ordinal);
        state.Phase = ReplayPhase.Read;
    }

    /// <summary>Reads and applies one page of the first partition not yet at the end of this round, or ends the round.</summary>
    private async Task ReadAsync()
    {
        if (state.Cursors.Find(c => !c.Done) is not { } cursor)
        {
            await EndRoundAsync();
            return;
        }

        var page = await CallAsync<ArchivePage>(activities.ReadPage, new ArchivePageRequest(Request, cursor.Partition, cursor.Position, cursor.Watermark, PageRecords));
        await ApplyAsync(page);
        cursor.Position = Math.Max(cursor.Position, page.Position);
        cursor.Watermark = page.Watermark > cursor.Watermark ? page.Watermark : cursor.Watermark;
        cursor.Done = page.End;
        cursor.ReadOnce |= page.End;
        state.ReadThisRound += page.RecordsRead;
        state.View = state.View with { EventsRead = state.View.EventsRead + page.RecordsRead };
    }

    private async Task ApplyAsync(ArchivePage page)
    {
        var reports = await Task.WhenAll(page.Keys.Select(batch => CallEntityAsync<RebuildReport>(
            EntityKeys.For(Request.Processor, batch.Key, Generation), Entities.ProcessorEntity.RebuildOperation,
            new RebuildRequest(Generation, batch.Events, batch.FireUpTo, Request.Shadow))));
        state.View = ReplayProgress.Add(state.View, reports);
        await WriteRowsAsync(reports.SelectMany(r => r.Projections).ToList(), state.ProjectionVersions);
        var letters = reports.SelectMany(r => r.DeadLetters).ToList();
        if (letters.Count > 0)
        {
            await CallAsync<object>(activities.WriteDeadLetters, letters);
        }
    }

    /// <summary>
    /// After the first full read, another round while the last one still found more than a page (live traffic went on);
    /// while keys wait to switch, a round serves their catch-up (after a pause when the archive had nothing new).
    /// </summary>
    private async Task EndRoundAsync()
    {
        var read = state.ReadThisRound;
        state.ReadThisRound = 0;
        state.Cursors.ForEach(c => c.Done = false);
        if (state.Behind.Count > 0)
        {
            if (read == 0)
            {
                _tasks++;
                await context.CreateTimer(ArchiveLagWait, CancellationToken.None);
            }

            state.Phase = ReplayPhase.Retry;
            return;
        }

        if (state.Round == 0 || (read > PageRecords && state.Round < MaxCatchUpRounds))
        {
            state.Round++;
            return;
        }

        state.Phase = !Request.Shadow && state.ProjectionVersions is { Count: > 0 } ? ReplayPhase.SwitchProjections : ReplayPhase.Switch;
    }

    /// <summary>Rows go to their projection's rebuilt version when there is one (one activity per projection), else to the current one.</summary>
    private async Task WriteRowsAsync(List<StampedChange> rows, Dictionary<string, long>? versions)
    {
        foreach (var group in rows.GroupBy(r => r.Projection, StringComparer.Ordinal))
        {
            _tasks++;
            await ProjectionWriteOrchestration.WriteAsync(context, activities.WriteProjections, [.. group],
                versions is not null && versions.TryGetValue(group.Key, out var version) ? version : null);
        }
    }

    private Task<T> CallAsync<T>(string activity, object input)
    {
        _tasks++;
        return context.CallActivityAsync<T>(activity, input, Retry);
    }

    private Task<T> CallEntityAsync<T>(Microsoft.DurableTask.Entities.EntityInstanceId id, string operation, object? input = null)
    {
        _tasks++;
        return context.Entities.CallEntityAsync<T>(id, operation, input);
    }

    /// <summary>Progress in the custom status (counts only: the status is limited to 16 KB; the output holds the whole view).</summary>
    private void Publish()
    {
        state.View = ReplayProgress.Update(state, Now);
        context.SetCustomStatus(ReplayProgress.Summary(state.View));
    }
}
