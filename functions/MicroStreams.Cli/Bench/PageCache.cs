namespace MicroStreams.Cli.Bench;

/// <summary>The kernel's page cache, dropped for the cold-cache runs of the benchmark spec (W4b).</summary>
public static class PageCache
{
    /// <summary>Writes dirty pages out, then asks Linux to drop clean caches; false (with the reason) where that is not allowed.</summary>
    public static bool TryDrop(out string? why)
    {
        why = null;
        try
        {
            using (var sync = System.Diagnostics.Process.Start("sync"))
            {
                sync?.WaitForExit();
            }

            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            why = $"dropping the page cache needs Linux and root ({ex.Message})";
            return false;
        }
    }
}
