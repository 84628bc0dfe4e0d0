using System.CommandLine;
using MicroStreams.Cli.Bench;
using MicroStreams.Cli.Infrastructure;
using MicroStreams.Embedded;

namespace MicroStreams.Cli.Commands;

/// <summary><c>microstreams bench</c>: the workloads of docs/benchmark-spec.md against our runtime and peers in the same run.</summary>
public static class BenchCommand
{
    private static readonly string[] KnownWorkloads = ["W1", "W2", "W3", "W4", "W5", "P1", "LAT"];
    private static readonly string[] KnownPeers = ["rawfile", "sqlite", "redis", "postgres", "none"];

    public static Command Create()
    {
        var workload = new Option<string>("--workload", "-w") { Description = "W1 (ingest), W2 (1M events end to end), W3 (hot key: W2 for one user), W4 (replay), W5 (timer storm, and lateness on the real clock), P1 (projection point reads over HTTP), LAT (open-loop ingest -> webhook latency at 1k and 10k events/s) or all.", DefaultValueFactory = _ => "all" };
        workload.OneOf("W1", "W2", "W3", "W4", "W5", "P1", "LAT", "all");
        var events = new Option<long>("--events", "-n") { Description = "Events for W1, W2 and W4.", DefaultValueFactory = _ => 1_000_000 };
        var users = new Option<int>("--users") { Description = "Distinct users (routing keys) in W1 and W2; W2 has one worker per user and processor.", DefaultValueFactory = _ => 100_000 }.AtLeast(1);
        var timers = new Option<long>("--timers") { Description = "Durable timers in W5 (10 per key), all due within 60 s.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Events per ingest call.", DefaultValueFactory = _ => 1_000 }.AtLeast(1);
        var producers = new Option<int>("--producers") { Description = "Concurrent producers.", DefaultValueFactory = _ => 8 }.AtLeast(1);
        var peers = new Option<string[]>("--peer") { Description = "Peers to compare with: rawfile (FileStream + fdatasync per batch) and sqlite (row per event) in W1; redis (Redis Streams) and postgres (PostgreSQL as log and state) in W1, W2 and the latency workload, with the servers of `bash eng/peers.sh run -- ...` (skipped with the reason when not started); none. Repeatable.", DefaultValueFactory = _ => ["rawfile", "sqlite", "redis", "postgres"], AllowMultipleArgumentsPerToken = true };
        peers.AcceptOnlyFromAmong(KnownPeers);
        var seconds = new Option<double>("--seconds") { Description = "How long LAT offers each arrival rate.", DefaultValueFactory = _ => 30 };
        var durability = new Option<string>("--durability") { Description = "Full, Normal or both (each result line says which).", DefaultValueFactory = _ => "both" };
        durability.OneOf("Full", "Normal", "both");
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the data files (default: the temp folder); each run's files are deleted after it." };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also append the JSON lines to this file." };
        foreach (var option in new[] { events, timers })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<long>() < 1_000)
                {
                    r.AddError($"{option.Name} must be at least 1000.");
                }
            });
        }

        var command = new Command("bench", "Runs the benchmark workloads (docs/benchmark-spec.md: W1 ingest, W2 end to end, W4 replay, W5 timer storm; P1 projection point reads over HTTP) against the embedded runtime and peers, printing one JSON line per result and a table.")
        {
            workload, events, users, timers, batch, producers, peers, seconds, durability, work, jsonOut,
        };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var chosen = result.GetValue(workload)!.ToUpperInvariant() is "ALL" ? KnownWorkloads : [result.GetValue(workload)!.ToUpperInvariant()];
            var durabilities = result.GetValue(durability)!.ToUpperInvariant() switch
            {
                "FULL" => new[] { Durability.Full },
                "NORMAL" => [Durability.Normal],
                _ => [Durability.Full, Durability.Normal],
            };
            var folder = Path.Combine(result.GetValue(work)?.FullName ?? Path.GetTempPath(), $"microstreams-bench-{Environment.ProcessId}");
            Directory.CreateDirectory(folder);
            var settings = new BenchSettings(chosen, result.GetValue(events), result.GetValue(users), result.GetValue(batch), result.GetValue(producers),
                [.. result.GetValue(peers)!.Where(p => p != "none")], durabilities, folder) { LatencySeconds = result.GetValue(seconds) };
            try
            {
                return await BenchRunner.RunAsync(settings, result.GetValue(timers), result.GetValue(jsonOut)?.FullName, cancellationToken);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }
}
