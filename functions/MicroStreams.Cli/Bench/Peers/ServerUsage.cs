using System.Globalization;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>A peer server's CPU time so far (its processes and the children they reaped) and its memory (summed PSS).</summary>
public sealed record ServerUsage(TimeSpan Cpu, long MemoryBytes)
{
    /// <summary>Reads <paramref name="pid"/> and its live children from /proc; null where /proc is not readable.</summary>
    public static ServerUsage? Of(int pid)
    {
        try
        {
            var pids = new List<int> { pid };
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var child) && child != pid && Stat(child) is { } stat && stat.ParentPid == pid)
                {
                    pids.Add(child);
                }
            }

            var ticks = 0L;
            var pss = 0L;
            foreach (var p in pids)
            {
                if (Stat(p) is { } stat)
                {
                    ticks += stat.Ticks + (p == pid ? stat.ChildTicks : 0);
                    pss += PssBytes(p);
                }
            }

            return new ServerUsage(TimeSpan.FromSeconds(ticks / 100.0), pss);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (int ParentPid, long Ticks, long ChildTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // Fields after the command name (which may hold spaces) start at state: ppid is the 2nd, utime the 12th.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long F(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return ((int)F(1), F(11) + F(12), F(13) + F(14));
    }

    private static long PssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
