namespace MicroStreams.Cli.Infrastructure;

/// <summary>Bytes used by the files of a folder (apparent size, recursively).</summary>
public static class DiskUsage
{
    public static long Of(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
