namespace MicroStreams.Embedded;

/// <summary>
/// A data folder as the commands that read an existing one (replay, export) see it: it must hold the log and the
/// state a runtime wrote there. A missing folder and one without that data get the same message, and checking
/// creates nothing.
/// </summary>
public static class DataFolder
{
    public const string LogFile = "log.db";
    public const string StateFile = "state.db";

    /// <summary>Null when <paramref name="path"/> holds MicroStreams data, else why not, in one sentence to show as is.</summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) && File.Exists(Path.Combine(full, StateFile)) && File.Exists(Path.Combine(full, LogFile))
            ? null
            : $"{full} holds no MicroStreams data (it needs the {LogFile} and {StateFile} that serve writes): pass the folder serve runs on with --data, or start serve there first";
    }

    /// <summary>
    /// Makes sure a host can keep its data in <paramref name="path"/>: creates the folder when only it is missing (a
    /// first start), and proves it writable by writing and removing a probe file.
    /// </summary>
    /// <exception cref="DataFolderException">The folder's parent is missing, or the folder cannot be written.</exception>
    public static void RequireWritable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            if (File.Exists(full))
            {
                throw new DataFolderException($"the data folder {full} is a file, not a folder");
            }

            var parent = Path.GetDirectoryName(full);
            if (parent is not null && !Directory.Exists(parent))
            {
                throw new DataFolderException($"the data folder {full} is missing, and so is the folder it would be created in ({parent}); is a volume not mounted?");
            }
        }

        var probe = Path.Combine(full, ".write-probe");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderException($"cannot write to the data folder {full} ({ex.Message.TrimEnd('.')}): serve needs a writable folder; mount it read-write or pass another with --data", ex);
        }
    }
}
