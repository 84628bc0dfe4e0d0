using System.Diagnostics;

namespace MicroStreams.Http.Tests.Faults;

/// <summary>
/// A real, size-limited file system (tmpfs) mounted in a temporary folder, for data folders that fill up or turn
/// read-only. Mounting needs root on Linux; <see cref="WhyNot"/> says why it cannot be done elsewhere.
/// </summary>
internal sealed class SmallFileSystem : IDisposable
{
    private static readonly Lazy<string?> Refusal = new(Probe);

    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when mounting works here, else the reason the tests that need it are skipped.</summary>
    public static string? WhyNot => Refusal.Value;

    public static SmallFileSystem Mount(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ms-smallfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, errors) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount failed ({code}): {errors}");
        }

        return new SmallFileSystem(path);
    }

    public void RemountReadOnly()
    {
        var (code, errors) = Run("mount", "-o", "remount,ro", Path);
        Assert.True(code == 0, $"remount read-only failed ({code}): {errors}");
    }

    /// <summary>Writes a file of <paramref name="bytes"/> random bytes (tmpfs keeps every page), to take space that can be freed later.</summary>
    public string Ballast(long bytes)
    {
        var file = System.IO.Path.Combine(Path, "ballast");
        var chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk);
        using var stream = File.Create(file);
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
        }

        return file;
    }

    /// <summary>Fills what is left with a file, to free again with <see cref="File.Delete"/>.</summary>
    public string FillUp(string name = "filler")
    {
        var file = System.IO.Path.Combine(Path, name);
        var chunk = new byte[64 * 1024];
        using var stream = File.Create(file);
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }

        return file;
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (Run("umount", Path).Code == 0)
            {
                Directory.Delete(Path);
                return;
            }

            Thread.Sleep(250);
        }

        // Still busy (a handle not yet released): detach it now, the kernel frees it when the last handle goes.
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "mounting a small tmpfs needs Linux";
        }

        try
        {
            using var probe = Mount(1);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"this machine refuses to mount a tmpfs (root is needed): {ex.Message}";
        }
    }

    private static (int Code, string Errors) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, errors.Trim());
    }
}
