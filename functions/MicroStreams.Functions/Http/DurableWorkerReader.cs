using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Http.Inspection;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Http;

/// <summary>
/// The inspection port over Durable entities: one worker's entity state read through the Durable client, with its
/// generation, last change and backlog. No counts (counting would scan every entity) and no recent events, effects or
/// dead letters (the entity keeps none of them).
/// </summary>
public sealed class DurableWorkerReader(DurableTaskClient client) : IWorkerReader
{
    public Task<ProcessorCounts?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<ProcessorCounts?>(null);

    public async Task<WorkerInspection?> GetAsync(string processor, string key, CancellationToken cancellationToken)
    {
        var entity = await client.Entities.GetEntityAsync<ProcessorEntityState>(EntityKeys.For(processor, key), includeState: true, cancellationToken);
        if (entity is null || !entity.IncludesState || entity.State is not { } state)
        {
            return null;
        }

        return new WorkerInspection(
            state.Processor, state.Key, state.Partition, state.Status, state.State,
            [.. (state.Timers ?? []).Select(t => new WorkerTimer(t.Key, t.Value.Due)).OrderBy(t => t.Due)],
            [.. state.Watermarks.Select(w => new WorkerWatermark(w.Partition, w.Sequence))],
            state.EventsApplied, state.EffectsSent, state.TimersFired, state.ActivatedAt, state.LastChangedAt, state.QuarantineReason)
        {
            Generation = state.Generation,
            LastModified = entity.LastModifiedTime,
            Backlog = entity.BacklogQueueSize,
        };
    }
}
