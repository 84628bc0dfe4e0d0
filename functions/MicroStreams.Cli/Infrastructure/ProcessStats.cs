using System.Diagnostics;
using System.Globalization;

namespace MicroStreams.Cli.Infrastructure;

/// <summary>Resource usage of this process from /proc (Linux), with portable fallbacks.</summary>
public static class ProcessStats
{
    /// <summary>Peak resident set size in bytes (VmHWM), or the peak working set where /proc is missing.</summary>
    public static long PeakRssBytes() => ReadStatusKb("VmHWM:") is { } kb ? kb * 1024 : Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Current resident set size in bytes (VmRSS).</summary>
    public static long RssBytes() => ReadStatusKb("VmRSS:") is { } kb ? kb * 1024 : Process.GetCurrentProcess().WorkingSet64;

    /// <summary>
    /// What the resident memory is made of right now: anonymous (heaps, GC) versus file-backed (SQLite's memory-mapped
    /// database files, the binaries), plus the managed heap after the last GC. File-backed pages are reclaimable.
    /// </summary>
    public static string Breakdown() =>
        $"RSS now {Megabytes(RssBytes())} = anon {Megabytes((ReadStatusKb("RssAnon:") ?? 0) * 1024)} + file {Megabytes((ReadStatusKb("RssFile:") ?? 0) * 1024)}; GC heap {Megabytes(GC.GetGCMemoryInfo().HeapSizeBytes)}";

    /// <summary>User plus system CPU time consumed so far by every thread of this process.</summary>
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Resets the peak RSS so the next <see cref="PeakRssBytes"/> measures one phase (Linux 4.0+; silently ignored elsewhere).</summary>
    public static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Returns the native heap's free memory to the OS (glibc <c>malloc_trim</c>; a no-op elsewhere). An earlier phase's
    /// SQLite page caches, freed when its runtime closed, otherwise stay resident in glibc's arenas and count in the next
    /// phase's peak.
    /// </summary>
    public static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (DllNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to trim with.
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    public static long? ReadStatusKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var digits = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(digits, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
