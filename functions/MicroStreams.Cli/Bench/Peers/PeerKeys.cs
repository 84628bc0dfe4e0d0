using MicroStreams.Workers;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>How the peers name a worker's timer in their timer index: the worker id and the timer name.</summary>
public static class PeerKeys
{
    public static string TimerMember(WorkerId worker, string timer) => $"{worker}\n{timer}";

    public static (WorkerId Worker, string Timer) ParseTimerMember(string member)
    {
        var newline = member.IndexOf('\n', StringComparison.Ordinal);
        return (WorkerIdOf(member[..newline]), member[(newline + 1)..]);
    }

    /// <summary>The inverse of <see cref="WorkerId.ToString"/> (<c>processor/key</c>; a processor name has no slash).</summary>
    public static WorkerId WorkerIdOf(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return new WorkerId(text[..slash], text[(slash + 1)..]);
    }
}
