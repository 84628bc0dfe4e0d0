using MicroStreams.Cli.Infrastructure;
using MicroStreams.Embedded;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// W1, ingest only: N events in batches (1,000 by default) from concurrent producers, to our runtime with each
/// durability and to the peers, all from the same corpus. Reports events/s, bytes on disk per event and CPU-s per 1M.
/// </summary>
public static class IngestWorkload
{
    public const double Goal = 500_000;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var corpus = BenchCorpus.Create(settings.Events, settings.Users, settings.BatchSize, new EmbeddedOptions().Partitions);
        var targets = new List<(string Name, Func<string, IIngestTarget> Open)>();
        foreach (var durability in settings.Durabilities)
        {
            targets.Add(($"embedded-{durability}", path => new EmbeddedIngestTarget(path, durability)));
            targets.Add(($"embedded-log-{durability}", path => new EmbeddedLogTarget(path, durability)));
        }

        if (settings.Peers.Contains("rawfile"))
        {
            targets.Add(("rawfile", path => new RawFileTarget(path)));
        }

        if (settings.Peers.Contains("sqlite"))
        {
            foreach (var durability in settings.Durabilities)
            {
                targets.Add(($"sqlite-{durability}", path => new SqliteRowTarget(path, durability == Durability.Full)));
            }
        }

        var embedded = new Dictionary<Durability, BenchResult>();
        foreach (var (name, open) in targets)
        {
            var result = await RunOneAsync(settings, corpus, name, open, cancellationToken);
            if (result.Target == "embedded")
            {
                embedded[Enum.Parse<Durability>(result.Durability)] = result;
            }

            yield return result;
        }

        var peers = await Peers.PeerRuns.OpenAsync(settings, Peers.PeerRuns.Processors());
        try
        {
            foreach (var durability in settings.Durabilities)
            {
                var lines = new List<BenchResult>();
                foreach (var peer in peers)
                {
                    var line = await Peers.PeerRuns.IngestAsync(peer, settings, corpus, durability, cancellationToken);
                    lines.Add(line);
                    yield return line;
                }

                if (Peers.PeerRuns.Ratio("W1", "ingest", durability, embedded[durability], lines, goal: null) is { } ratio)
                {
                    yield return ratio;
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

        yield return Breakdowns.ValidateOnly(corpus);
    }

    private static async Task<BenchResult> RunOneAsync(BenchSettings settings, BenchCorpus corpus, string name, Func<string, IIngestTarget> open, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, $"w1-{name}");
        Directory.CreateDirectory(path);
        try
        {
            double seconds, cpuPerMillion;
            string targetName, durability;
            string? note;
            await using (var target = open(path))
            {
                (targetName, durability, note) = (target.Name, target.Durability, target.Note);
                var measurement = Measurement.Start();
                var next = -1;
                var producers = Enumerable.Range(0, settings.Producers).Select(_ => Task.Run(async () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < corpus.Batches.Length)
                    {
                        await target.AppendAsync(corpus.Batches[index], corpus.Partitions[index], cancellationToken);
                    }
                }, cancellationToken));
                await Task.WhenAll(producers);
                seconds = measurement.Elapsed.TotalSeconds;
                cpuPerMillion = measurement.CpuSecondsPerMillion(corpus.Count);
            }

            return new BenchResult
            {
                Workload = "W1",
                Target = targetName,
                Durability = durability,
                Events = corpus.Count,
                Seconds = seconds,
                Rate = corpus.Count / seconds,
                Unit = "events/s",
                BytesOnDiskPerEvent = (double)DiskUsage.Of(path) / corpus.Count,
                CpuSecondsPerMillion = cpuPerMillion,
                PeakRssBytes = Measurement.PeakRss,
                Goal = targetName == "embedded" ? Goal : null,
                Note = $"{settings.Producers} producers x batches of {settings.BatchSize}; {note}; disk after close; RSS includes the ~{corpus.PayloadBytes / (1024 * 1024)} MB corpus",
            };
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
