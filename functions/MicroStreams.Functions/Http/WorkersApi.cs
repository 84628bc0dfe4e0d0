using System.Text.Json;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Processors;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Http;

/// <summary>
/// Inspection, in the embedded host's shapes: the registered processors (an array; worker and effect counts are left out,
/// as counting needs a scan of every entity), one processor, and one worker's entity state read through the Durable
/// client (no recent events, effects or dead letters: the entity keeps none of them).
/// </summary>
public sealed class WorkersApi(Router router)
{
    public IActionResult ListProcessors() => new OkObjectResult(router.Processors.Select(Describe).ToArray());

    public IActionResult GetProcessor(string name) =>
        router.Find(name) is { } processor ? new OkObjectResult(Describe(processor)) : Problems.NotFound($"there is no processor named '{name}'");

    public async Task<IActionResult> GetWorkerAsync(DurableTaskClient client, string processor, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (router.Find(processor) is null)
        {
            return Problems.NotFound($"there is no processor named '{processor}'");
        }

        var entity = await client.Entities.GetEntityAsync<ProcessorEntityState>(EntityKeys.For(processor, key), includeState: true, cancellationToken);
        if (entity is null || !entity.IncludesState || entity.State is not { } state)
        {
            return Problems.NotFound($"processor '{processor}' has no worker for key '{key}' (no event activated one yet)");
        }

        return new OkObjectResult(new
        {
            processor = state.Processor,
            key = state.Key,
            partition = state.Partition,
            status = JsonNamingPolicy.CamelCase.ConvertName(state.Status.ToString()),
            state = state.State,
            timers = (state.Timers ?? []).Select(t => new { name = t.Key, due = t.Value.Due }).OrderBy(t => t.due),
            watermarks = state.Watermarks.Select(w => new { partition = w.Partition, sequence = w.Sequence }),
            eventsApplied = state.EventsApplied,
            effectsSent = state.EffectsSent,
            timersFired = state.TimersFired,
            activatedAt = state.ActivatedAt,
            lastChangedAt = state.LastChangedAt,
            quarantineReason = state.QuarantineReason,
            recentEvents = Array.Empty<object>(),
            effects = Array.Empty<object>(),
            deadLetters = Array.Empty<object>(),
            generation = state.Generation,
            lastModified = entity.LastModifiedTime,
            backlog = entity.BacklogQueueSize,
        });
    }

    private static object Describe(IProcessor processor) => new
    {
        name = processor.Spec.Name,
        version = processor.Spec.Version,
        subscribes = processor.Spec.Subscribes,
        activatedBy = processor.Spec.ActivatedBy,
        keyedBy = processor.Spec.KeyBy is null ? "routing key" : "custom key per partition",
    };
}
