using MicroStreams.Embedded;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Processors;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// Opens the peers the bench was asked for (their servers are started by <c>eng/peers.sh</c>, which sets
/// <c>MICROSTREAMS_REDIS</c> and <c>MICROSTREAMS_POSTGRES</c>) and runs W1 and W2 on them; a peer whose server is not
/// there is skipped with the reason.
/// </summary>
public static class PeerRuns
{
    public const string RedisVariable = "MICROSTREAMS_REDIS";
    public const string PostgresVariable = "MICROSTREAMS_POSTGRES";

    public static IProcessor[] Processors() => [new ChurnDetection(), new SalesMilestone()];

    /// <summary>The server peers asked for, connected; each one that cannot be is reported on stderr and left out.</summary>
    public static async Task<List<IPeer>> OpenAsync(BenchSettings settings, IReadOnlyList<IProcessor> processors)
    {
        var peers = new List<IPeer>();
        var partitions = new EmbeddedOptions().Partitions;
        if (settings.Peers.Contains("redis"))
        {
            if (Environment.GetEnvironmentVariable(RedisVariable) is not { Length: > 0 } endpoint)
            {
                await Skip("redis", $"{RedisVariable} is not set");
            }
            else
            {
                try
                {
                    peers.Add(await RedisPeer.ConnectAsync(endpoint, processors, partitions, settings.BatchSize));
                }
                catch (StackExchange.Redis.RedisConnectionException ex)
                {
                    await Skip("redis", $"cannot connect to {endpoint}: {ex.Message}");
                }
            }
        }

        if (settings.Peers.Contains("postgres"))
        {
            if (Environment.GetEnvironmentVariable(PostgresVariable) is not { Length: > 0 } connection)
            {
                await Skip("postgres", $"{PostgresVariable} is not set");
            }
            else
            {
                peers.Add(new PostgresPeer(connection, processors, partitions, settings.BatchSize));
            }
        }

        return peers;
    }

    /// <summary>W1 on a peer: the corpus appended by the same producers in the same batches.</summary>
    public static async Task<BenchResult> IngestAsync(IPeer peer, BenchSettings settings, BenchCorpus corpus, Durability durability, CancellationToken cancellationToken)
    {
        await peer.ResetAsync(durability, cancellationToken);
        var split = PeerCorpus.From(corpus, new EmbeddedOptions().Partitions);
        var server = peer.ServerUsage();
        var measurement = Measurement.Start();
        await peer.IngestAsync(split, settings.Producers, cancellationToken);
        var seconds = measurement.Elapsed.TotalSeconds;
        var usage = Usage(peer, server, measurement, corpus.Count);
        return new BenchResult
        {
            Workload = "W1",
            Target = peer.Name,
            Durability = peer.DurabilityOf(durability),
            Events = corpus.Count,
            Seconds = seconds,
            Rate = corpus.Count / seconds,
            Unit = "events/s",
            CpuSecondsPerMillion = usage.CpuPerMillion,
            PeakRssBytes = usage.Memory,
            Note = $"{settings.Producers} producers x batches of {settings.BatchSize}, one pipeline/transaction per batch; {usage.Note}",
        };
    }

    /// <summary>
    /// W2 on a peer: the same sign-ups and activity ingested, then drained by a consumer per partition; checks that the
    /// peer decided the same effects as MicroStreams (<paramref name="expected"/>: recipients, which do not depend on
    /// the order concurrent producers' batches land in).
    /// </summary>
    public static async Task<BenchResult[]> DrainAsync(IPeer peer, BenchSettings settings, Durability durability, IReadOnlyCollection<string> expected, CancellationToken cancellationToken)
    {
        var users = (int)Math.Min(settings.Users, settings.Events);
        var partitions = new EmbeddedOptions().Partitions;
        await peer.ResetAsync(durability, cancellationToken);
        PeerCorpus? signups = PeerCorpus.From(BenchCorpus.Signups(users, settings.BatchSize), partitions);
        PeerCorpus? activity = PeerCorpus.From(BenchCorpus.Create(settings.Events - users, users, settings.BatchSize, partitions), partitions);
        var ingest = System.Diagnostics.Stopwatch.StartNew();
        await peer.IngestAsync(signups, settings.Producers, cancellationToken);
        await peer.IngestAsync(activity, settings.Producers, cancellationToken);
        var ingestSeconds = ingest.Elapsed.TotalSeconds;
        signups = activity = null;

        var server = peer.ServerUsage();
        var measurement = Measurement.Start();
        var events = await peer.DrainAsync(cancellationToken);
        var drainSeconds = measurement.Elapsed.TotalSeconds;
        var usage = Usage(peer, server, measurement, events);
        var effects = await peer.EffectsAsync(cancellationToken);
        var recipients = effects.Select(e => e.Recipient).ToHashSet(StringComparer.Ordinal);
        var same = recipients.SetEquals(expected);
        var check = same
            ? $"same {effects.Count:N0} effects (recipients) as MicroStreams"
            : $"DIFFERENT EFFECTS from MicroStreams: {effects.Count:N0} vs {expected.Count:N0}, {recipients.Except(expected).Count()} only here, {expected.Except(recipients).Count()} missing";
        return
        [
            new BenchResult
            {
                Workload = "W2",
                Target = peer.Name,
                Durability = peer.DurabilityOf(durability),
                Events = events,
                Seconds = drainSeconds,
                Rate = events / drainSeconds,
                Unit = "events/s",
                CpuSecondsPerMillion = usage.CpuPerMillion,
                PeakRssBytes = usage.Memory,
                Note = $"drain only (pre-ingested); churn + milestone through WorkerApplier; {check}; {usage.Note}",
            },
            new BenchResult
            {
                Workload = "W2",
                Target = peer.Name,
                Durability = peer.DurabilityOf(durability),
                Events = events,
                Seconds = ingestSeconds + drainSeconds,
                Rate = events / (ingestSeconds + drainSeconds),
                Unit = "events/s",
                Note = $"ingest {ingestSeconds:N2} s + drain {drainSeconds:N2} s (sequential phases)",
            },
        ];
    }

    /// <summary>The exact effect check of <see cref="PeerEffectCheck"/> on 2,000 users (timers fired), as a note; fails the run on a difference.</summary>
    public static async Task<string> CheckAsync(IPeer peer, BenchSettings settings, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, $"check-{peer.Name}");
        try
        {
            var (effects, difference) = await PeerEffectCheck.CompareAsync(peer, users: 2_000, events: 20_000, path, cancellationToken);
            return difference is null
                ? $"exact check on 22,000 events with timers fired: the same {effects:N0} effects (ids, targets, payloads) as MicroStreams"
                : throw new InvalidOperationException($"the peer decided different effects from MicroStreams: {difference}");
        }
        finally
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    /// <summary>MicroStreams' rate over the best peer's, for the same line (drain only, or end to end), in the same run.</summary>
    public static BenchResult? Ratio(string workload, string what, Durability durability, BenchResult embedded, IEnumerable<BenchResult> peers, double? goal)
    {
        var best = peers.MaxBy(p => p.Rate);
        return best is null ? null : new BenchResult
        {
            Workload = workload,
            Target = $"embedded ÷ best peer, {what.Split(" (")[0]}",
            Durability = durability.ToString(),
            Events = embedded.Events,
            Seconds = embedded.Seconds,
            Rate = embedded.Rate / best.Rate,
            Unit = "×",
            Goal = goal,
            Note = $"{what}: MicroStreams {embedded.Rate:N0} events/s vs best peer {best.Target} ({best.Durability}) {best.Rate:N0} events/s in the same run",
        };
    }

    private static (double CpuPerMillion, long Memory, string Note) Usage(IPeer peer, ServerUsage? before, Measurement measurement, long events)
    {
        var after = peer.ServerUsage();
        var serverCpu = before is not null && after is not null ? after.Cpu - before.Cpu : TimeSpan.Zero;
        var client = Measurement.PeakRss;
        var cpu = (measurement.Cpu + serverCpu).TotalSeconds * 1_000_000 / Math.Max(1, events);
        var note = after is null
            ? $"server CPU and memory not readable (CPU-s/1M and RSS are the client's only: {Infrastructure.ProcessStats.Megabytes(client)})"
            : $"CPU-s/1M = client {measurement.Cpu.TotalSeconds * 1_000_000 / Math.Max(1, events):N1} + server {serverCpu.TotalSeconds * 1_000_000 / Math.Max(1, events):N1}; peak RSS = client peak {Infrastructure.ProcessStats.Megabytes(client)} + server PSS at the end {Infrastructure.ProcessStats.Megabytes(after.MemoryBytes)}";
        return (cpu, client + (after?.MemoryBytes ?? 0), note);
    }

    private static Task Skip(string peer, string reason) =>
        Console.Error.WriteLineAsync($"bench: peer {peer} skipped: {reason} (start it with `bash eng/peers.sh run -- <bench command>`)");
}
