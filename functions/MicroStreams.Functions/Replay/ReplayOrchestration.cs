using Microsoft.DurableTask;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Replay;

/// <summary>
/// Rebuilds (or shadows) one processor from the archive: plan the partitions and the projection versions; read each
/// partition's archive a page at a time (an activity), applying each page to a new generation of the workers with one
/// <c>CallEntityAsync</c> per key, all keys of a page in parallel, effects suppressed; read again until a round finds
/// little new; switch the projections to their rebuilt versions; then offer each rebuilt worker to its live entity, which
/// adopts it unless it has applied events the rebuild has not read (those keys catch up from the archive and are asked
/// again); finally drop the rebuilt generation's entities. A shadow compares instead of adopting and switches nothing.
/// The orchestrator does no I/O; it restarts itself with its state (ContinueAsNew) every <see cref="MaxTasksPerExecution"/> tasks.
/// </summary>
public static class ReplayOrchestration
{
    public const string Name = "Replay";
    public const int PageRecords = 1000;
    public const int MaxTasksPerExecution = 2000;

    /// <summary>After the first full read, rounds continue while a round still reads more than a page, at most this many times.</summary>
    public const int MaxCatchUpRounds = 5;

    /// <summary>How many times keys that are ahead of the rebuild are caught up and asked again before the replay gives up on them.</summary>
    public const int MaxSwitchRounds = 10;

    /// <summary>How long to wait for the Archive function when a catch-up round found nothing new.</summary>
    public static readonly TimeSpan ArchiveLagWait = TimeSpan.FromSeconds(15);

    public static Task<ReplayView?> RunAsync(TaskOrchestrationContext context, ReplayActivities activities)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.GetInput<ReplayState>() ?? throw new InvalidOperationException("Replay needs a ReplayState input");
        return new ReplayRun(context, activities, state).RunAsync();
    }
}

/// <summary>The activity names a replay calls (bound in <c>Bindings/ReplayFunctions</c>).</summary>
public sealed record ReplayActivities(string Plan, string ReadPage, string ListWorkers, string SwitchProjections, string WriteProjections, string WriteDeadLetters);
