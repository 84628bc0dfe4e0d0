using System.Diagnostics;

namespace MicroStreams.Http.Tests.Cli;

/// <summary>Runs the <c>microstreams</c> executable (its built dll, with <c>dotnet</c>) as a user would, and collects what it printed.</summary>
internal sealed record CliProcess(int ExitCode, string Output, string Errors)
{
    public static string DllPath { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "MicroStreams.Http.Tests"), Path.Combine("functions", "MicroStreams.Cli"), StringComparison.Ordinal),
        "MicroStreams.Cli.dll");

    public static async Task<CliProcess> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliProcess(process.ExitCode, await output, await errors);
    }
}
