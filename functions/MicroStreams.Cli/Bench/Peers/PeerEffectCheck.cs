using MicroStreams.Embedded;
using MicroStreams.Time;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// The strict check that a peer decides exactly what MicroStreams decides: a small corpus ingested in order by one
/// producer (so every target sees the same log positions), drained, then the clock moved past the churn window so
/// the inactivity timers fire; the effects must be equal field by field, ids (which hash the log position) included.
/// </summary>
public static class PeerEffectCheck
{
    public static readonly DateTimeOffset Start = new(2025, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far the clock moves after the drain: past the 7-day churn window of every user.</summary>
    public static readonly TimeSpan Advance = TimeSpan.FromDays(8);

    /// <summary>Sign-ups for <paramref name="users"/> users, then <paramref name="events"/> sign-ins and sales over them.</summary>
    public static (BenchCorpus Signups, BenchCorpus Activity) Corpus(int users, int events, int batchSize) =>
        (BenchCorpus.Signups(users, batchSize), BenchCorpus.Create(events, users, batchSize, new EmbeddedOptions().Partitions, seed: 11));

    public static async Task<List<EffectRecord>> EmbeddedAsync(BenchCorpus signups, BenchCorpus activity, string dataPath, CancellationToken cancellationToken)
    {
        var clock = new ManualTimeProvider(Start);
        var emails = new RecordingSink("email");
        await using (var runtime = EmbeddedRuntime.Start(
            new EmbeddedOptions { DataPath = dataPath, Durability = Durability.Normal, RunBackground = false },
            PeerRuns.Processors(),
            [emails],
            clock))
        {
            await BenchIngest.IngestAsync(runtime, signups, 1, cancellationToken);
            await BenchIngest.IngestAsync(runtime, activity, 1, cancellationToken);
            await runtime.DrainAsync(cancellationToken);
            clock.Advance(Advance);
            await runtime.DrainAsync(cancellationToken);
        }

        return Sorted(emails.Effects);
    }

    public static async Task<List<EffectRecord>> PeerAsync(IPeer peer, BenchCorpus signups, BenchCorpus activity, CancellationToken cancellationToken)
    {
        var partitions = new EmbeddedOptions().Partitions;
        await peer.ResetAsync(Durability.Normal, cancellationToken);
        await peer.IngestAsync(PeerCorpus.From(signups, partitions), 1, cancellationToken);
        await peer.IngestAsync(PeerCorpus.From(activity, partitions), 1, cancellationToken);
        await peer.DrainAsync(cancellationToken);
        await peer.FireDueTimersAsync(Start + Advance, cancellationToken);
        return Sorted(await peer.EffectsAsync(cancellationToken));
    }

    /// <summary>Runs both and says what differs, or null when the peer's effects are MicroStreams' own.</summary>
    public static async Task<(int Effects, string? Difference)> CompareAsync(IPeer peer, int users, int events, string dataPath, CancellationToken cancellationToken)
    {
        var (signups, activity) = Corpus(users, events, 100);
        var expected = await EmbeddedAsync(signups, activity, dataPath, cancellationToken);
        var actual = await PeerAsync(peer, signups, activity, cancellationToken);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        return (expected.Count, missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count
            ? null
            : $"{peer.Name}: {actual.Count} effects vs MicroStreams' {expected.Count}; missing {missing.Count} (first: {missing.FirstOrDefault()}), extra {extra.Count} (first: {extra.FirstOrDefault()})");
    }

    private static List<EffectRecord> Sorted(IEnumerable<EffectRecord> effects) => [.. effects.OrderBy(e => e.Id, StringComparer.Ordinal)];
}
