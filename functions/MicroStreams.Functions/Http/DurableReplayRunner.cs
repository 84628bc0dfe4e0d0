using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Replay;
using MicroStreams.Http;
using MicroStreams.Http.Replays;
using MicroStreams.Replay;
using MicroStreams.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Http;

/// <summary>
/// The replay port over Durable orchestrations: a replay is a Replay orchestration whose instance id is the replay id;
/// its view comes from the orchestration's output, custom status or input (<see cref="ReplayViews"/>).
/// </summary>
public sealed class DurableReplayRunner(DurableTaskClient client, Router router, ShadowVariants shadows, TimeProvider time) : IReplayRunner
{
    private static readonly OrchestrationRuntimeStatus[] Unfinished = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    public async Task<Outcome<ReplayView>> StartAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Invalid(request) is { } refusal)
        {
            return refusal;
        }

        if (router.Find(request.Processor) is null)
        {
            return Refusal.NotFound($"there is no processor '{request.Processor}'; known: {string.Join(", ", router.Processors.Select(p => p.Spec.Name))}");
        }

        if (!request.Shadow && await AnyAsync(new OrchestrationQuery(Statuses: Unfinished, InstanceIdPrefix: InstanceIds.ReplayPrefix(request.Processor, shadow: false)), cancellationToken))
        {
            return Refusal.Conflict($"a rebuild of '{request.Processor}' is already running");
        }

        var now = time.GetUtcNow();
        var id = InstanceIds.Replay(request.Processor, now, request.Shadow);
        var state = new ReplayState { View = NewView(id, request, now), EntityGeneration = now.UtcTicks };
        await client.ScheduleNewOrchestrationInstanceAsync(ReplayOrchestration.Name, state, new StartOrchestrationOptions(id), cancellationToken);
        return state.View;
    }

    /// <summary>Every replay the task hub still holds, newest first; no rebuild is ever required here (the Azure host pauses no processor).</summary>
    public async Task<ReplayListing> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<ReplayView>();
        foreach (var shadow in new[] { false, true })
        {
            await foreach (var metadata in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: InstanceIds.ReplayPrefix(null, shadow), FetchInputsAndOutputs: true)).WithCancellation(cancellationToken))
            {
                if (ReplayViews.From(metadata) is { } view)
                {
                    views.Add(view);
                }
            }
        }

        return new ReplayListing([.. views.OrderByDescending(v => v.CreatedAt)], new Dictionary<string, string>());
    }

    public async Task<ReplayView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsReplay(id) || await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) is not { } metadata
            || !string.Equals(metadata.Name, ReplayOrchestration.Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ReplayViews.From(metadata);
    }

    /// <summary>Terminates a running replay: workers already switched keep the new generation (as on the embedded host).</summary>
    public async Task<Outcome<ReplayView>> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is not { } view)
        {
            return Refusal.NotFound($"there is no replay '{id}'");
        }

        if (view.Status != ReplayStatus.Running)
        {
            return Refusal.Conflict($"replay '{id}' is not running");
        }

        var cancelled = view with { Status = ReplayStatus.Cancelled, Error = ReplayViews.CancelledError, FinishedAt = time.GetUtcNow() };
        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(cancelled), cancellationToken);
        return view with { Status = ReplayStatus.Cancelling };
    }

    private static Refusal? Invalid(ReplayRequest request) => request switch
    {
        { ArchivePath: not null } => Refusal.Invalid("archivePath names a folder of the embedded host; the Azure host always reads its archive container", "$.archivePath"),
        { FromSequence: < 0 } => Refusal.Invalid("fromSequence must not be negative", "$.fromSequence"),
        _ => null,
    };

    private ReplayView NewView(string id, ReplayRequest request, DateTimeOffset now) => new()
    {
        Id = id,
        Processor = request.Processor,
        Mode = request.Shadow ? "shadow" : "rebuild",
        Status = ReplayStatus.Running,
        Generation = request.Shadow ? 0 : now.UtcTicks,
        Request = request,
        CreatedAt = now,
        UpdatedAt = now,
        Reason = request.Shadow && shadows.Find(request.Processor) is null ? "shadow of the live code: a determinism check" : null,
        Diff = request.Shadow ? new ShadowDiff() : null,
    };

    private async Task<bool> AnyAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        await foreach (var _ in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            return true;
        }

        return false;
    }
}
