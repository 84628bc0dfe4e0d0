using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using static MicroStreams.Functions.Replay.ReplayOrchestration;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

internal sealed partial class ReplayRun
{
    private SwitchMode Mode => Request.Shadow ? SwitchMode.Compare : SwitchMode.Adopt;

    /// <summary>
    /// Readers move to the rebuilt projection versions before the workers switch: from here on, rows of workers still on
    /// the old generation land in the new version too, where their older stamps lose to the rebuilt rows, and rows of
    /// switched workers (the new generation's stamps) replace them.
    /// </summary>
    private async Task SwitchProjectionsAsync()
    {
        await CallAsync<object>(activities.SwitchProjections, state.ProjectionVersions!);
        state.ProjectionVersions = null;
        state.Phase = ReplayPhase.Switch;
    }

    /// <summary>Switches the workers of one page of the processor's entities (live and rebuilt, any key the request covers).</summary>
    private async Task SwitchPageAsync()
    {
        var page = await CallAsync<WorkerListPage>(activities.ListWorkers, new WorkerListRequest(Request.Processor, Request.KeyPrefix, state.ListToken));
        var candidates = page.EntityKeys
            .Select(EntityKeys.Parse)
            .Where(e => e.Generation == 0 || e.Generation == Generation)
            .GroupBy(e => e.Worker.Key, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Rebuilt: g.Any(e => e.Generation == Generation)))
            .ToList();
        await SwitchAsync(candidates);
        state.ListToken = page.ContinuationToken;
        if (page.ContinuationToken is null)
        {
            state.Phase = state.Behind.Count > 0 ? NextAfterBehind() : ReplayPhase.Cleanup;
        }
    }

    /// <summary>Asks the keys that were ahead of the rebuild again, now that it has read further.</summary>
    private async Task RetryAsync()
    {
        var keys = state.Behind;
        state.Behind = [];
        await SwitchAsync([.. keys.Select(k => (k, true))]);
        state.Phase = state.Behind.Count > 0 ? NextAfterBehind() : ReplayPhase.Cleanup;
    }

    private ReplayPhase NextAfterBehind()
    {
        if (++state.SwitchRounds <= MaxSwitchRounds)
        {
            return ReplayPhase.Read;
        }

        state.View = state.View with
        {
            Error = $"{state.Behind.Count} worker(s) stayed ahead of the archive after {MaxSwitchRounds} catch-up rounds and keep the previous generation: "
                + string.Join(", ", state.Behind.Take(10)) + (state.Behind.Count > 10 ? ", …" : string.Empty),
        };
        state.Behind = [];
        return ReplayPhase.Cleanup;
    }

    /// <summary>
    /// For each key: the rebuilt worker (export, null when the rebuild has none), then the live entity's switch. A live
    /// key listed beside its rebuilt entity is handled once, through the rebuilt one.
    /// </summary>
    private async Task SwitchAsync(List<(string Key, bool Rebuilt)> candidates)
    {
        var exports = await Task.WhenAll(candidates.Select(c => CallEntityAsync<ProcessorEntityState?>(
            EntityKeys.For(Request.Processor, c.Key, Generation), ProcessorEntity.ExportOperation)));
        var todo = candidates.Zip(exports).Where(x => x.First.Rebuilt || x.Second is null).ToList();
        var positions = state.Cursors.ToDictionary(c => c.Partition, c => c.Position);
        var watermarks = state.Cursors.ToDictionary(c => c.Partition, c => c.Watermark);
        var reports = await Task.WhenAll(todo.Select(x => CallEntityAsync<SwitchReport>(
            EntityKeys.For(Request.Processor, x.First.Key), ProcessorEntity.SwitchOperation,
            new SwitchRequest(Generation, x.Second, positions, watermarks, Mode))));
        for (var i = 0; i < todo.Count; i++)
        {
            if (reports[i].Outcome == SwitchOutcome.Behind)
            {
                state.Behind.Add(todo[i].First.Key);
                continue;
            }

            state.WorkersSwitched++;
            state.View = ReplayProgress.Add(state.View, reports[i]);
        }

        await WriteRowsAsync([.. reports.SelectMany(r => r.Projections)], null);
        var letters = reports.SelectMany(r => r.DeadLetters).ToList();
        if (letters.Count > 0)
        {
            await CallAsync<object>(activities.WriteDeadLetters, letters);
        }
    }

    /// <summary>Drops the rebuilt generation's entities, one listing page at a time (adopted workers live on in the live entities).</summary>
    private async Task CleanupPageAsync()
    {
        var page = await CallAsync<WorkerListPage>(activities.ListWorkers, new WorkerListRequest(Request.Processor, Request.KeyPrefix, state.ListToken));
        foreach (var (worker, generation) in page.EntityKeys.Select(EntityKeys.Parse))
        {
            if (generation == Generation)
            {
                _tasks++;
                await context.Entities.SignalEntityAsync(EntityKeys.For(worker, generation), ProcessorEntity.DeleteOperation);
            }
        }

        state.ListToken = page.ContinuationToken;
        if (page.ContinuationToken is null)
        {
            state.Phase = ReplayPhase.Finished;
        }
    }
}
