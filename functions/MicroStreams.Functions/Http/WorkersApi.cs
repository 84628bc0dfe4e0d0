using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Http;

/// <summary>Inspection: the registered processors, and one worker's entity state read through the Durable client.</summary>
public sealed class WorkersApi(Router router)
{
    public IActionResult ListProcessors() => new OkObjectResult(new
    {
        processors = router.Processors.Select(p => new
        {
            name = p.Spec.Name,
            version = p.Spec.Version,
            subscribes = p.Spec.Subscribes,
            activatedBy = p.Spec.ActivatedBy,
            keyedBy = p.Spec.KeyBy is null ? "routing key" : "custom key per partition",
        }),
    });

    public async Task<IActionResult> GetWorkerAsync(DurableTaskClient client, string processor, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (router.Find(processor) is null)
        {
            return Problems.NotFound($"no processor named '{processor}'");
        }

        var entity = await client.Entities.GetEntityAsync<ProcessorEntityState>(EntityKeys.For(processor, key), includeState: true, cancellationToken);
        if (entity is null || !entity.IncludesState || entity.State is not { } state)
        {
            return Problems.NotFound($"processor '{processor}' has no worker '{key}'");
        }

        return new OkObjectResult(new
        {
            processor = state.Processor,
            key = state.Key,
            status = state.Status.ToString().ToLowerInvariant(),
            state = state.State,
            stateVersion = state.StateVersion,
            timers = (state.Timers ?? []).Select(t => new { name = t.Key, due = t.Value.Due }).OrderBy(t => t.due),
            positions = state.Watermarks.Select(w => new { partition = w.Partition, sequence = w.Sequence }),
            eventsApplied = state.EventsApplied,
            effectsSent = state.EffectsSent,
            timersFired = state.TimersFired,
            activatedAt = state.ActivatedAt,
            lastChangedAt = state.LastChangedAt,
            quarantineReason = state.QuarantineReason,
            generation = state.Generation,
            lastModified = entity.LastModifiedTime,
            backlog = entity.BacklogQueueSize,
        });
    }
}
