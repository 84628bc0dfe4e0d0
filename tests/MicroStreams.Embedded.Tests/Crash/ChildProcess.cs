using System.Diagnostics;

namespace MicroStreams.Embedded.Tests.Crash;

/// <summary>Runs MicroStreams.CrashChild with <c>dotnet</c>, collecting its acknowledgements, and SIGKILLs it on request.</summary>
internal sealed class ChildProcess
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    public static string DllPath { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace("MicroStreams.Embedded.Tests", "MicroStreams.CrashChild", StringComparison.Ordinal),
        "MicroStreams.CrashChild.dll");

    /// <summary>The last batch the child acknowledged, or null.</summary>
    public int? LastAck { get; private set; }

    public List<string> Output { get; } = [];

    public string Errors { get; private set; } = string.Empty;

    /// <summary>Whether the kill landed while the child was still running.</summary>
    public bool Killed { get; private set; }

    public int ExitCode { get; private set; }

    /// <summary>
    /// Runs the child to its end (<paramref name="finish"/>), or until it is killed: <paramref name="kill"/>'s delay after
    /// its <c>Acks</c>-th acknowledgement in this run, or after it has ingested everything, whichever comes first. A child
    /// that does not finish keeps working until killed, so the kill always lands while it runs.
    /// </summary>
    public static async Task<ChildProcess> RunAsync(string dataPath, int firstBatch, bool finish, (int Acks, TimeSpan Delay)? kill = null)
    {
        var child = new ChildProcess();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        start.ArgumentList.Add(dataPath);
        start.ArgumentList.Add(firstBatch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (finish)
        {
            start.ArgumentList.Add("--finish");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash child");
        using var safety = new CancellationTokenSource(SafetyNet);
        var killPoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acks = 0;
        var errors = process.StandardError.ReadToEndAsync(safety.Token);
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(safety.Token) is { } line)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    child.LastAck = int.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
                    if (++acks >= kill?.Acks)
                    {
                        killPoint.TrySetResult();
                    }
                }
                else if (line == "IDLE")
                {
                    killPoint.TrySetResult();
                }
                else
                {
                    child.Output.Add(line);
                }
            }

            killPoint.TrySetResult();
        });

        if (kill is { } point)
        {
            await killPoint.Task.WaitAsync(safety.Token);
            await Task.Delay(point.Delay, safety.Token);
            if (!process.HasExited)
            {
                // Process.Kill sends SIGKILL on Linux: no finally blocks, no disposal, no flush.
                process.Kill(entireProcessTree: true);
                child.Killed = true;
            }
        }

        await process.WaitForExitAsync(safety.Token);
        await reading;
        child.Errors = await errors;
        child.ExitCode = process.ExitCode;
        return child;
    }
}
