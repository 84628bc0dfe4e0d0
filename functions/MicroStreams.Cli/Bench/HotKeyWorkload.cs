namespace MicroStreams.Cli.Bench;

/// <summary>
/// W3, hot key: W2's drain with every event for one user, so one churn worker and one milestone worker take them all
/// (the milestone worker retires at $100 and ignores the rest, as it does for any user).
/// </summary>
public static class HotKeyWorkload
{
    public const double Goal = 300_000;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var hot = settings with { Users = 1 };

        // Warm-up, not reported, as in W2.
        await DrainWorkload.RunOneAsync(hot with { Events = Math.Min(settings.Events, 100_000) }, settings.Durabilities[0], cancellationToken);
        foreach (var durability in settings.Durabilities)
        {
            var (results, _) = await DrainWorkload.RunOneAsync(hot, durability, cancellationToken);
            yield return results[0] with { Workload = "W3", Goal = Goal, Note = $"one user: {results[0].Note}" };
        }
    }
}
