using System.Globalization;

namespace MicroStreams.Cli.Infrastructure;

/// <summary>
/// Samples where the process's memory is while a phase runs, and keeps the sample taken at the highest RSS: the peak
/// is what the memory target counts, and at the end of a phase the transient part of it is already gone.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Sample _peak;

    public MemorySampler(TimeSpan interval) => _loop = RunAsync(interval, _stop.Token);

    /// <summary>The sample with the highest RSS, as text.</summary>
    public string Peak => _peak.ToString();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var sample = Sample.Take();
                if (sample.Rss > _peak.Rss)
                {
                    _peak = sample;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The phase is over.
        }
    }

    private readonly record struct Sample(long Rss, long Anon, long GcHeap, long GcCommitted, long GcFragmented, long Sqlite)
    {
        public static Sample Take()
        {
            var info = GC.GetGCMemoryInfo();
            return new Sample(ProcessStats.RssBytes(), (ProcessStats.ReadStatusKb("RssAnon:") ?? 0) * 1024, info.HeapSizeBytes, info.TotalCommittedBytes, info.FragmentedBytes, SQLitePCL.raw.sqlite3_memory_used());
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"at the RSS peak {ProcessStats.Megabytes(Rss)}: anon {ProcessStats.Megabytes(Anon)}, GC heap {ProcessStats.Megabytes(GcHeap)} of {ProcessStats.Megabytes(GcCommitted)} committed ({ProcessStats.Megabytes(GcFragmented)} fragmented), SQLite {ProcessStats.Megabytes(Sqlite)}");
    }
}
