using MicroStreams.Replay;

namespace MicroStreams.Http.Replays;

/// <summary>The replay port: start, list, read and cancel a host's replays (rebuilds and shadows).</summary>
public interface IReplayRunner
{
    /// <summary>Starts a replay of a request whose processor is given; refuses an unknown processor (404), a busy one (409) or a request the host cannot carry out (400).</summary>
    Task<Outcome<ReplayView>> StartAsync(ReplayRequest request, CancellationToken cancellationToken);

    /// <summary>Every replay the host still holds, newest first, and the processors that need a rebuild.</summary>
    Task<ReplayListing> ListAsync(CancellationToken cancellationToken);

    Task<ReplayView?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Cancels a running replay: the view as it stands after the request (404 unknown, 409 not running).</summary>
    Task<Outcome<ReplayView>> CancelAsync(string id, CancellationToken cancellationToken);
}
