using System.Diagnostics;
using System.Reflection;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// Runs each workload of a multi-workload bench in a child process of its own (the same command with <c>-w</c> set to
/// that workload), as BenchmarkDotNet does: a workload's peak RSS, GC budget and JIT state are then its own, not what
/// the workloads before it left behind in the process. The children's JSON lines are passed on and gathered for the table.
/// </summary>
internal static class WorkloadProcesses
{
    /// <summary>Set in a child, so that it runs its one workload in place.</summary>
    public const string ChildVariable = "MICROSTREAMS_BENCH_CHILD";

    public static bool IsChild => Environment.GetEnvironmentVariable(ChildVariable) is "1";

    /// <summary>Runs <paramref name="workload"/> in a child process; returns its results and whether it succeeded (its errors went to stderr).</summary>
    public static async Task<(List<BenchResult> Results, bool Succeeded)> RunAsync(string workload, CancellationToken cancellationToken)
    {
        var start = StartInfo(workload);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"bench: could not start the {workload} process");
        await using var kill = cancellationToken.Register(() => child.Kill(entireProcessTree: true));
        var results = new List<BenchResult>();
        while (await child.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith('{') && BenchResult.FromJson(line) is { } result)
            {
                Console.WriteLine(line);
                results.Add(result);
            }
        }

        await child.WaitForExitAsync(cancellationToken);
        return (results, child.ExitCode == 0);
    }

    private static ProcessStartInfo StartInfo(string workload)
    {
        // Started the way this process was: through the dotnet host with the assembly, or as the app host itself.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("bench: the process path is unknown");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        // The same arguments, with the one workload; a child that appends to --json-out writes its own lines there.
        var arguments = Environment.GetCommandLineArgs()[1..];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] is "-w" or "--workload" && i + 1 < arguments.Length)
            {
                i++;
                continue;
            }

            if (arguments[i].StartsWith("--workload=", StringComparison.Ordinal) || arguments[i].StartsWith("-w=", StringComparison.Ordinal))
            {
                continue;
            }

            start.ArgumentList.Add(arguments[i]);
        }

        start.ArgumentList.Add("-w");
        start.ArgumentList.Add(workload);
        start.Environment[ChildVariable] = "1";
        return start;
    }
}
