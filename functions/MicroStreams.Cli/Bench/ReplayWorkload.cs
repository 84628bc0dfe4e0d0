using MicroStreams.Embedded;
using MicroStreams.Embedded.Replay;
using MicroStreams.Examples.Churn;
using MicroStreams.Time;
using MicroStreams.Replay;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// W4, replay: a log of N events (sign-ins and sales over the bench users) is ingested and drained through churn
/// detection, then churn is rebuilt into a new generation from the whole log with a warm page cache (the log was just
/// written). Measured: records read per second by the rebuild, from start until its new generation is live and the
/// replaced projection rows are dropped. Then (W4b) the same rebuild after the page cache is dropped, where the machine
/// allows it (root on Linux). Peers in the same run: the same segments only read, and read and parsed
/// (<see cref="LogScanPeer"/>), the upper bounds of a replay that applies nothing. Last (W4c), the state rebuilt the other
/// way: a start from the latest snapshot and the log's tail after it.
/// </summary>
public static class ReplayWorkload
{
    public const double Goal = 2_000_000;

    /// <summary>W4b, the same rebuild reading the log from disk (page cache dropped), from the benchmark spec.</summary>
    public const double ColdGoal = 1_000_000;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, "w4");
        Directory.CreateDirectory(path);
        try
        {
            var options = new EmbeddedOptions { DataPath = path, Durability = Durability.Normal, RunBackground = false };
            var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero));
            await foreach (var result in RebuildsAsync(options, clock, settings, cancellationToken))
            {
                yield return result;
            }

            yield return await FromSnapshotAsync(options, clock, settings, cancellationToken);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>W4 and W4b, and the peers: the log ingested and drained, then churn rebuilt from all of it, warm and cold.</summary>
    private static async IAsyncEnumerable<BenchResult> RebuildsAsync(EmbeddedOptions options, ManualTimeProvider clock, BenchSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var corpus = BenchCorpus.Create(settings.Events, settings.Users, settings.BatchSize, options.Partitions);
        await using var runtime = EmbeddedRuntime.Start(options, [new ChurnDetection()], [new NullSink("email")], clock);
        await BenchIngest.IngestAsync(runtime, corpus, settings.Producers, cancellationToken);
        corpus = null;
        await runtime.DrainAsync(cancellationToken);

        yield return await RebuildAsync(runtime, "embedded", Goal, "warm cache", cancellationToken);

        // W4b: the same rebuild again after the kernel dropped its page cache, so the log is read from disk.
        if (PageCache.TryDrop(out var why))
        {
            yield return await RebuildAsync(runtime, "embedded (cold cache)", ColdGoal, "cold cache (page cache dropped first)", cancellationToken);
        }
        else
        {
            Console.Error.WriteLine($"W4 cold cache not measured: {why}");
        }

        foreach (var parse in new[] { false, true })
        {
            var scan = Measurement.Start();
            var records = await LogScanPeer.ScanAsync(runtime.Log, parse, cancellationToken);
            yield return new BenchResult
            {
                Workload = "W4",
                Target = parse ? "log scan + parse" : "log scan",
                Durability = "Normal",
                Events = records,
                Seconds = scan.Elapsed.TotalSeconds,
                Rate = records / scan.Elapsed.TotalSeconds,
                Unit = "events/s",
                CpuSecondsPerMillion = scan.CpuSecondsPerMillion(records),
                Note = parse
                    ? "peer: the same segments read and every record read as an event (the reader replay uses), nothing applied"
                    : "peer: the same segments read in order (one partition per core), nothing parsed or applied: the upper bound",
            };
        }
    }

    /// <summary>
    /// W4c, all worker state from the latest snapshot plus the log's tail: the runtime above stopped (a stop compacts every
    /// worker into snapshots), a tail of a tenth as many events appended after it without being applied, then measured: a
    /// start, which loads the snapshots, and a drain of the tail through the live path (routing, timers, effects,
    /// projection rows, commits).
    /// </summary>
    private static async Task<BenchResult> FromSnapshotAsync(EmbeddedOptions options, ManualTimeProvider clock, BenchSettings settings, CancellationToken cancellationToken)
    {
        var tail = Math.Max(1, settings.Events / 10);
        await using (var appender = EmbeddedRuntime.Start(options, [new ChurnDetection()], [new NullSink("email")], clock))
        {
            var corpus = BenchCorpus.Create(tail, settings.Users, settings.BatchSize, options.Partitions, first: settings.Events);
            await BenchIngest.IngestAsync(appender, corpus, settings.Producers, cancellationToken);
        }

        var measurement = Measurement.Start();
        var gc = GcCounts.Now();
        await using var runtime = EmbeddedRuntime.Start(options, [new ChurnDetection()], [new NullSink("email")], clock);
        var ready = measurement.Elapsed;
        await runtime.DrainAsync(cancellationToken);
        var seconds = measurement.Elapsed.TotalSeconds;
        var workers = (await runtime.CountWorkersAsync(cancellationToken)).Values.Sum();
        return new BenchResult
        {
            Workload = "W4",
            Target = "embedded (snapshot + tail)",
            Durability = "Normal",
            Events = tail,
            Seconds = seconds,
            Rate = tail / seconds,
            Unit = "events/s",
            CpuSecondsPerMillion = measurement.CpuSecondsPerMillion(tail),
            PeakRssBytes = Measurement.PeakRss,
            Workers = workers,
            Note = $"W4c: a start from the latest snapshot ({workers:N0} workers, ready in {ready.TotalSeconds:F2} s), then the {tail:N0} events appended after it applied through the live path; rate = tail events / (start + drain); {gc.Since()}",
        };
    }

    private static async Task<BenchResult> RebuildAsync(EmbeddedRuntime runtime, string target, double goal, string cache, CancellationToken cancellationToken)
    {
        var measurement = Measurement.Start();
        var gc = GcCounts.Now();
        var started = runtime.StartReplay(new ReplayRequest(ChurnDetection.Name)) is { View: { } view } ? view : throw new InvalidOperationException("the bench replay was refused");
        var done = (await runtime.WaitForReplayAsync(started.Id, cancellationToken))!;
        var seconds = measurement.Elapsed.TotalSeconds;
        return new BenchResult
        {
            Workload = "W4",
            Target = target,
            Durability = "Normal",
            Events = done.EventsRead,
            Seconds = seconds,
            Rate = done.EventsRead / seconds,
            Unit = "events/s",
            CpuSecondsPerMillion = measurement.CpuSecondsPerMillion(done.EventsRead),
            PeakRssBytes = Measurement.PeakRss,
            Workers = (await runtime.CountWorkersAsync(cancellationToken)).Values.Sum(),
            Goal = goal,
            Note = $"{cache}; rebuild of churn_detection ({done.EventsApplied:N0} applied, {done.TimersFired:N0} timers fired, {done.EffectsSuppressed:N0} effects suppressed), switch and projection version included; {gc.Since()}; status {done.Status}",
        };
    }

    /// <summary>Garbage collections and GC pause time over a measured phase.</summary>
    private readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public string Since()
        {
            var now = Now();
            return $"GC {now.Gen0 - Gen0}/{now.Gen1 - Gen1}/{now.Gen2 - Gen2} (gen0/1/2), paused {(now.Pause - Pause).TotalSeconds:F2} s";
        }
    }
}
