using MicroStreams.Embedded;
using MicroStreams.Replay;

namespace MicroStreams.Http.Replays;

/// <summary>The replay port over the embedded runtime, which runs replays in the background and keeps them in its state store.</summary>
internal sealed class RuntimeReplayRunner(EmbeddedRuntime runtime) : IReplayRunner
{
    public Task<Outcome<ReplayView>> StartAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        var start = runtime.StartReplay(request);
        Outcome<ReplayView> outcome = start.Refusal is not { } refused
            ? start.View!
            : refused.Reason == ReplayRefusalReason.UnknownProcessor ? Refusal.NotFound(refused.Message) : Refusal.Conflict(refused.Message);
        return Task.FromResult(outcome);
    }

    public Task<ReplayListing> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ReplayListing(runtime.Replays(), runtime.RebuildsRequired()));

    public Task<ReplayView?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(runtime.GetReplay(id));

    public Task<Outcome<ReplayView>> CancelAsync(string id, CancellationToken cancellationToken)
    {
        Outcome<ReplayView> outcome = runtime.GetReplay(id) is null
            ? Refusal.NotFound($"there is no replay '{id}'")
            : runtime.CancelReplay(id) ? runtime.GetReplay(id)! : Refusal.Conflict($"replay '{id}' is not running");
        return Task.FromResult(outcome);
    }
}
