using MicroStreams.Cli.Infrastructure;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// Runs the chosen workloads one after another, printing each result as a JSON line as soon as it is measured. Several
/// workloads run each in a process of its own (<see cref="WorkloadProcesses"/>).
/// </summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(BenchSettings settings, long timers, string? jsonOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await Console.Error.WriteLineAsync($"bench: {string.Join(", ", settings.Workloads)} · {settings.Events:N0} events · {settings.Users:N0} users · {Environment.ProcessorCount} cores · {Environment.Version} · data in {settings.WorkFolder}");
        var results = new List<BenchResult>();
        var failed = new List<string>();
        foreach (var workload in settings.Workloads)
        {
            await Console.Error.WriteLineAsync($"bench: running {workload} ...");
            if (settings.Workloads.Count > 1 && !WorkloadProcesses.IsChild)
            {
                var (measured, succeeded) = await WorkloadProcesses.RunAsync(workload, cancellationToken);
                results.AddRange(measured);
                if (!succeeded)
                {
                    failed.Add(workload);
                }

                continue;
            }

            var lines = workload switch
            {
                "W1" => IngestWorkload.RunAsync(settings, cancellationToken),
                "W2" => DrainWorkload.RunAsync(settings, cancellationToken),
                "W3" => HotKeyWorkload.RunAsync(settings, cancellationToken),
                "W4" => ReplayWorkload.RunAsync(settings, cancellationToken),
                "W5" => TimerStormWorkload.RunAsync(settings, timers, cancellationToken),
                "P1" => PointReadWorkload.RunAsync(settings, cancellationToken),
                "LAT" => LatencyWorkload.RunAsync(settings, settings.LatencySeconds, cancellationToken),
                _ => throw new UsageException($"unknown workload '{workload}'"),
            };
            await foreach (var result in lines)
            {
                results.Add(result);
                var json = result.ToJson();
                Console.WriteLine(json);
                if (jsonOut is not null)
                {
                    await File.AppendAllTextAsync(jsonOut, json + Environment.NewLine, cancellationToken);
                }
            }
        }

        BenchTable.Write(results);
        if (failed.Count > 0)
        {
            await Console.Error.WriteLineAsync($"bench: {string.Join(", ", failed)} failed (the errors are above); the other workloads ran");
            return CliAction.Failed;
        }

        return CliAction.Ok;
    }
}
