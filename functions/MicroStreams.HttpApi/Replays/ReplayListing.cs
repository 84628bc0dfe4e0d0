using MicroStreams.Replay;

namespace MicroStreams.Http.Replays;

/// <summary>The replays a host still holds, newest first, and the processors that need a rebuild (name, why).</summary>
public sealed record ReplayListing(IReadOnlyList<ReplayView> Items, IReadOnlyDictionary<string, string> RebuildsRequired);
