using System.Diagnostics;
using MicroStreams.Embedded;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Time;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// W2, end to end: 1M events over 100k users (one <c>user_created</c> each, then sign-ins and sales) through churn
/// detection and the sales milestone (about 200k workers). Pre-ingested, then measured while the consumers drain
/// until every checkpoint is committed and the resulting emails are delivered (to a null sink).
/// </summary>
public static class DrainWorkload
{
    public const double Goal = 250_000;
    public const long RssGoalBytes = 400L * 1024 * 1024;

    /// <summary>MicroStreams end to end at least twice the best peer's rate in the same run (issue 19).</summary>
    public const double PeerGoal = 2;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var users = (int)Math.Min(settings.Users, settings.Events);
        yield return Breakdowns.ApplyOnly([BenchCorpus.Signups(users, settings.BatchSize), BenchCorpus.Create(settings.Events - users, users, settings.BatchSize, new EmbeddedOptions().Partitions)]);

        // Warm-up, not reported: a 100k-event drain, so every measured run finds the consumer, commit and SQLite paths
        // already tiered up by the JIT (the first measured run was otherwise ~10 % slower than the second, whatever its durability).
        await RunOneAsync(settings with { Events = Math.Min(settings.Events, 100_000), Users = Math.Min(settings.Users, 10_000) }, settings.Durabilities[0], cancellationToken);

        // Every embedded run before any peer is opened: a peer keeps its connections and state until it is disposed,
        // and that must not count in the embedded runs' peak RSS.
        var embeddedRuns = new Dictionary<Durability, (BenchResult[] Results, IReadOnlyCollection<string> Recipients)>();
        foreach (var durability in settings.Durabilities)
        {
            embeddedRuns[durability] = await RunOneAsync(settings, durability, cancellationToken);
            foreach (var result in embeddedRuns[durability].Results)
            {
                yield return result;
            }
        }

        var peers = await Peers.PeerRuns.OpenAsync(settings, Peers.PeerRuns.Processors());
        var checks = new Dictionary<string, string>();
        try
        {
            foreach (var peer in peers)
            {
                checks[peer.Name] = await Peers.PeerRuns.CheckAsync(peer, settings, cancellationToken);
            }

            foreach (var durability in settings.Durabilities)
            {
                var (embedded, recipients) = embeddedRuns[durability];
                var lines = new List<BenchResult>();
                foreach (var peer in peers)
                {
                    foreach (var result in await Peers.PeerRuns.DrainAsync(peer, settings, durability, recipients, cancellationToken))
                    {
                        var line = lines.Count % 2 == 0 ? result with { Note = $"{result.Note}; {checks[peer.Name]}" } : result;
                        lines.Add(line);
                        yield return line;
                    }
                }

                // Lines come in pairs: drain only (with CPU), then ingest + drain (end to end).
                foreach (var (what, index) in new[] { ("drain only", 0), ("end to end (ingest + drain)", 1) })
                {
                    if (Peers.PeerRuns.Ratio("W2", what, durability, embedded[index], lines.Where((_, i) => i % 2 == index), PeerGoal) is { } ratio)
                    {
                        yield return ratio;
                    }
                }
            }
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    internal static async Task<(BenchResult[] Results, IReadOnlyCollection<string> Recipients)> RunOneAsync(BenchSettings settings, Durability durability, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, $"w2-{durability}");
        Directory.CreateDirectory(path);
        try
        {
            var users = (int)Math.Min(settings.Users, settings.Events);
            BenchCorpus? signups = BenchCorpus.Signups(users, settings.BatchSize);
            BenchCorpus? activity = BenchCorpus.Create(settings.Events - users, users, settings.BatchSize, new EmbeddedOptions().Partitions);
            var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero));
            var emails = new NullSink("email");
            await using var runtime = EmbeddedRuntime.Start(
                new EmbeddedOptions { DataPath = path, Durability = durability, RunBackground = false },
                [new ChurnDetection(), new SalesMilestone()],
                [emails],
                clock);

            var ingest = Stopwatch.StartNew();
            await BenchIngest.IngestAsync(runtime, signups, settings.Producers, cancellationToken);
            await BenchIngest.IngestAsync(runtime, activity, settings.Producers, cancellationToken);
            var ingestSeconds = ingest.Elapsed.TotalSeconds;
            signups = activity = null;

            var measurement = Measurement.Start();
            var liveAtStart = GC.GetTotalMemory(forceFullCollection: false);
            var sampler = new Infrastructure.MemorySampler(TimeSpan.FromMilliseconds(20));
            var gcBefore = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration());
            await runtime.DrainAsync(cancellationToken);
            var drainSeconds = measurement.Elapsed.TotalSeconds;
            var gc = $"GCs gen0/1/2 {GC.CollectionCount(0) - gcBefore.Gen0}/{GC.CollectionCount(1) - gcBefore.Gen1}/{GC.CollectionCount(2) - gcBefore.Gen2}, paused {(GC.GetTotalPauseDuration() - gcBefore.Pause).TotalSeconds:N2} s";
            await sampler.DisposeAsync();
            var cpuPerMillion = measurement.CpuSecondsPerMillion(settings.Events);
            var peak = Measurement.PeakRss;
            var memory = Infrastructure.ProcessStats.Breakdown();
            var counters = runtime.Counters();
            var workers = (await runtime.CountWorkersAsync(cancellationToken)).Values.Sum();
            var lag = runtime.Partitions().Sum(p => p.Lag);
            var common = $"churn + milestone; {counters.Applied:N0} applications, {counters.Commits:N0} commits, {emails.Delivered:N0} emails; lag after {lag}; managed live at drain start {Infrastructure.ProcessStats.Megabytes(liveAtStart)} (corpus dropped); {gc}; {sampler.Peak}; after the drain {memory}";
            return (
            [
                new BenchResult
                {
                    Workload = "W2",
                    Target = "embedded",
                    Durability = durability.ToString(),
                    Events = counters.Events,
                    Seconds = drainSeconds,
                    Rate = counters.Events / drainSeconds,
                    Unit = "events/s",
                    CpuSecondsPerMillion = cpuPerMillion,
                    PeakRssBytes = peak,
                    Workers = workers,
                    Goal = Goal,
                    Note = $"drain only (pre-ingested); {common}; peak RSS goal {RssGoalBytes / (1024 * 1024)} MB",
                },
                new BenchResult
                {
                    Workload = "W2",
                    Target = "embedded",
                    Durability = durability.ToString(),
                    Events = counters.Events,
                    Seconds = ingestSeconds + drainSeconds,
                    Rate = counters.Events / (ingestSeconds + drainSeconds),
                    Unit = "events/s",
                    BytesOnDiskPerEvent = (double)Infrastructure.DiskUsage.Of(path) / counters.Events,
                    Workers = workers,
                    Note = $"ingest {ingestSeconds:N2} s + drain {drainSeconds:N2} s (sequential phases); disk incl. WAL before close",
                },
            ], emails.Recipients);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
