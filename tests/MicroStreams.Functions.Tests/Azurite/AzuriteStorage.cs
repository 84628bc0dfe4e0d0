using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace MicroStreams.Functions.Tests.Azurite;

/// <summary>
/// The real Azurite every storage test talks to: the one eng/test.sh started (MICROSTREAMS_AZURITE holds its connection
/// string), or, when a test run starts without it, one started here through the same eng/start-azurite.sh and stopped
/// when the test process exits. Tests share it and keep apart by giving each test its own table and container names.
/// </summary>
internal static class AzuriteStorage
{
    private static readonly Lazy<string> Connection = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Connection.Value;

    public static TableServiceClient Tables(TableClientOptions? options = null) => new(ConnectionString, options ?? new TableClientOptions());

    public static BlobServiceClient Blobs() => new(ConnectionString);

    /// <summary>A name no other test uses: letters and digits, valid for a table and a container alike.</summary>
    public static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 16, 40)];

    /// <summary>A fresh, existing container.</summary>
    public static BlobContainerClient NewContainer(string prefix)
    {
        var container = Blobs().GetBlobContainerClient(UniqueName(prefix));
        container.CreateIfNotExists();
        return container;
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("MICROSTREAMS_AZURITE") is { Length: > 0 } given)
        {
            return given;
        }

        var script = Path.Combine(RepositoryRoot(), "eng", "start-azurite.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "--owner", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var line = process.StandardOutput.ReadToEnd().Trim();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || line.Split(' ', 2) is not [var pid, var connection])
        {
            throw new InvalidOperationException($"eng/start-azurite.sh failed ({process.ExitCode}): {errors}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
        return connection;
    }

    private static void Stop(int pid)
    {
        try
        {
            using var azurite = Process.GetProcessById(pid);
            azurite.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root (Serverless.sln) not found");
    }
}
