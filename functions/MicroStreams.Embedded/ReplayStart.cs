using MicroStreams.Replay;

namespace MicroStreams.Embedded;

/// <summary>What <see cref="EmbeddedRuntime.StartReplay(ReplayRequest)"/> answers: the replay it started, or why it refused.</summary>
public sealed record ReplayStart
{
    private ReplayStart(ReplayView? view, ReplayRefusal? refusal) => (View, Refusal) = (view, refusal);

    /// <summary>The replay, as accepted; null when refused.</summary>
    public ReplayView? View { get; }

    /// <summary>Why the replay was refused; null when it started.</summary>
    public ReplayRefusal? Refusal { get; }

    public static ReplayStart Started(ReplayView view) => new(view, null);

    public static ReplayStart Refused(ReplayRefusalReason reason, string message) => new(null, new ReplayRefusal(reason, message));
}
