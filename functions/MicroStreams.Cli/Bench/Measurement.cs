using System.Diagnostics;
using MicroStreams.Cli.Infrastructure;

namespace MicroStreams.Cli.Bench;

/// <summary>Wall time, process CPU time and peak RSS over one measured phase.</summary>
public sealed class Measurement
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = ProcessStats.CpuTime();

    private Measurement()
    {
    }

    /// <summary>Collects garbage, gives the native heap's free pages back and resets the peak RSS, so the phase's peak is its own.</summary>
    public static Measurement Start()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ProcessStats.TrimNativeHeap();
        ProcessStats.ResetPeakRss();
        return new Measurement();
    }

    public TimeSpan Elapsed => _wall.Elapsed;

    public TimeSpan Cpu => ProcessStats.CpuTime() - _cpuStart;

    public static long PeakRss => ProcessStats.PeakRssBytes();

    public double CpuSecondsPerMillion(long events) => events == 0 ? 0 : Cpu.TotalSeconds * 1_000_000 / events;
}
