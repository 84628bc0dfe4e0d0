using System.Globalization;
using System.Text;
using HdrHistogram;
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
    public const double LatenessGoalMilliseconds = 10;
    private const int TimersPerKey = 10;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, long timers, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var durability in settings.Durabilities)
        {
            yield return await RunOneAsync(settings, timers, durability, cancellationToken);
        }

        foreach (var durability in settings.Durabilities)
        {
            yield return await LatenessAsync(settings, (int)Math.Min(timers, 100_000), durability, cancellationToken);
        }
    }

    /// <summary>
    /// Lateness on the real clock: up to 100k timers (10 per key) due over 10 s, armed a few seconds ahead; the background
    /// consumers fire them as they fall due, and each firing records (wall clock when its handler runs − due).
    /// </summary>
    private static async Task<BenchResult> LatenessAsync(BenchSettings settings, int latenessTimers, Durability durability, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, $"w5-lateness-{durability}");
        Directory.CreateDirectory(path);
        try
        {
            var clock = TimeProvider.System;
            var lateness = new LongConcurrentHistogram(1, TimeStamp.Seconds(600), 3);
            long fired = 0;
            var processor = new TimerStormProcessor(TimeSpan.FromSeconds(10), due =>
            {
                lateness.RecordValue(Math.Clamp((clock.GetUtcNow() - due).Ticks * System.Diagnostics.Stopwatch.Frequency / TimeSpan.TicksPerSecond, 1, lateness.HighestTrackableValue));
                Interlocked.Increment(ref fired);
            });
            var keys = latenessTimers / TimersPerKey;
            var armedAt = clock.GetUtcNow() + TimeSpan.FromSeconds(3);
            var measurement = Measurement.Start();
            await using (var runtime = EmbeddedRuntime.Start(new EmbeddedOptions { DataPath = path, Durability = durability }, [processor], [], clock))
            {
                await BenchIngest.IngestAsync(runtime, ArmEvents(keys, armedAt, settings.BatchSize), settings.Producers, cancellationToken);
                var deadline = armedAt + TimeSpan.FromSeconds(1) + processor.Window + TimeSpan.FromSeconds(30);
                while (Interlocked.Read(ref fired) < latenessTimers && clock.GetUtcNow() < deadline)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }

            double Ms(long ticks) => ticks / (System.Diagnostics.Stopwatch.Frequency / 1000.0);
            return new BenchResult
            {
                Workload = "W5",
                Target = "embedded, real clock",
                Durability = durability.ToString(),
                Events = fired,
                Seconds = measurement.Elapsed.TotalSeconds,
                Rate = fired / processor.Window.TotalSeconds,
                Unit = "fires/s due",
                PeakRssBytes = Measurement.PeakRss,
                Workers = keys,
                Latency = lateness.TotalCount == 0 ? null : new LatencySummary(Ms(lateness.GetValueAtPercentile(50)), Ms(lateness.GetValueAtPercentile(99)), Ms(lateness.GetValueAtPercentile(99.9)), Ms(lateness.GetMaxValue())),
                GoalP99Milliseconds = LatenessGoalMilliseconds,
                Note = $"lateness = wall clock when the timer's handler runs - its due time; {fired:N0} of {latenessTimers:N0} timers fired, {keys:N0} keys x {TimersPerKey}, due over {processor.Window.TotalSeconds:N0} s on TimeProvider.System",
            };
        }
        finally
        {
            Directory.Delete(path, recursive: true);
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
            clock.Advance(TimerStormProcessor.DefaultWindow + TimeSpan.FromSeconds(2));
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
