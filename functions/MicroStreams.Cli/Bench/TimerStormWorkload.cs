using System.Globalization;
using System.Text;
using MicroStreams.Embedded;
using MicroStreams.Time;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// W5, timer storm: N durable timers (10 per key) due within one 60-second window. The timers are armed and
/// committed first; then the manual clock jumps past the window and the fires are measured until committed.
/// </summary>
public static class TimerStormWorkload
{
    public const double Goal = 200_000;
    private const int TimersPerKey = 10;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, long timers, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var durability in settings.Durabilities)
        {
            yield return await RunOneAsync(settings, timers, durability, cancellationToken);
        }
    }

    private static async Task<BenchResult> RunOneAsync(BenchSettings settings, long timers, Durability durability, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, $"w5-{durability}");
        Directory.CreateDirectory(path);
        try
        {
            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var keys = (int)Math.Max(1, timers / TimersPerKey);
            var clock = new ManualTimeProvider(start);
            await using var runtime = EmbeddedRuntime.Start(
                new EmbeddedOptions { DataPath = path, Durability = durability, RunBackground = false },
                [new TimerStormProcessor()],
                [],
                clock);
            await BenchIngest.IngestAsync(runtime, ArmEvents(keys, start, settings.BatchSize), settings.Producers, cancellationToken);
            var arm = Measurement.Start();
            await runtime.DrainAsync(cancellationToken);
            var armSeconds = arm.Elapsed.TotalSeconds;

            var before = runtime.Counters().TimersFired;
            var measurement = Measurement.Start();
            clock.Advance(TimerStormProcessor.Window + TimeSpan.FromSeconds(2));
            await runtime.DrainAsync(cancellationToken);
            var seconds = measurement.Elapsed.TotalSeconds;
            var fired = runtime.Counters().TimersFired - before;
            return new BenchResult
            {
                Workload = "W5",
                Target = "embedded",
                Durability = durability.ToString(),
                Events = fired,
                Seconds = seconds,
                Rate = fired / seconds,
                Unit = "fires/s",
                CpuSecondsPerMillion = measurement.CpuSecondsPerMillion(fired),
                PeakRssBytes = Measurement.PeakRss,
                Workers = keys,
                Goal = Goal,
                Note = $"{keys:N0} keys x {TimersPerKey} timers; arming took {armSeconds:N2} s; lateness not measured (manual clock jumps past the window); {Infrastructure.ProcessStats.Breakdown()}",
            };
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static BenchCorpus ArmEvents(int keys, DateTimeOffset time, int batchSize)
    {
        var stamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var events = Enumerable.Range(0, keys)
            .Select(k => Encoding.UTF8.GetBytes($"{{\"specversion\":\"1.0\",\"id\":\"arm{k}\",\"source\":\"/bench\",\"type\":\"{TimerStormProcessor.ArmEvent}\",\"subject\":\"k-{k:D7}\",\"time\":\"{stamp}\",\"data\":{{\"timers\":{TimersPerKey}}}}}"))
            .ToArray();
        return BenchCorpus.FromEvents(events, batchSize);
    }
}
