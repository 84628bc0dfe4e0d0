using MicroStreams.Replay;

namespace MicroStreams.Http.OpenApi.Contracts;

/// <summary>The replays, and the processors whose state version requires a rebuild before they run again (with why).</summary>
internal sealed record ReplayList(IReadOnlyList<ReplayView> Items, IReadOnlyDictionary<string, string> RebuildsRequired);
