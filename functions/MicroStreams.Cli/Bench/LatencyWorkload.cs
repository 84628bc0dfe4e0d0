using System.Diagnostics;
using System.Globalization;
using System.Text;
using MicroStreams.Cli.Bench.Peers;
using MicroStreams.Embedded;
using MicroStreams.Effects;
using MicroStreams.Routing;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// Open-loop latency: pings arrive at a fixed rate (1k and 10k events/s) for a fixed time, each sent at its intended
/// time whatever the target is doing; each ping's processor sends a webhook to a local receiver, which records the
/// time from the intended send to the webhook's arrival (HdrHistogram). MicroStreams with each durability, on the
/// real clock with its background consumers and delivery; next to it the Redis Streams peer with its outbox relay.
/// </summary>
public static class LatencyWorkload
{
    private const int Keys = 1_000;
    private static readonly (double Rate, double P99Goal)[] Rates = [(1_000, 3), (10_000, 5)];

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, double seconds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var peer = settings.Peers.Contains("redis") && Environment.GetEnvironmentVariable(PeerRuns.RedisVariable) is { Length: > 0 } endpoint ? endpoint : null;
        if (peer is null && settings.Peers.Contains("redis"))
        {
            await Console.Error.WriteLineAsync($"bench: peer redis skipped in the latency workload: {PeerRuns.RedisVariable} is not set (start it with `bash eng/peers.sh run -- <bench command>`)");
        }

        foreach (var (rate, goal) in Rates)
        {
            foreach (var durability in settings.Durabilities)
            {
                yield return await EmbeddedAsync(settings, rate, seconds, durability, goal, cancellationToken);
            }

            if (peer is not null)
            {
                foreach (var durability in settings.Durabilities)
                {
                    yield return await RedisAsync(peer, settings, rate, seconds, durability, cancellationToken);
                }
            }
        }
    }

    private static async Task<BenchResult> EmbeddedAsync(BenchSettings settings, double rate, double seconds, Durability durability, double goal, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, $"latency-{durability}");
        Directory.CreateDirectory(path);
        try
        {
            var pings = Pings(rate, seconds);
            await using var receiver = await LatencyReceiver.StartAsync(pings.Length, Warmup(rate, seconds), cancellationToken);
            using var http = new HttpClient();
            await using var runtime = EmbeddedRuntime.Start(
                new EmbeddedOptions { DataPath = path, Durability = durability },
                [new LatencyProbe(receiver.BaseUrl)],
                [new WebhookSender(http)],
                TimeProvider.System);
            var measurement = Measurement.Start();
            await SendAsync(pings, rate, receiver, batch => runtime.IngestAsync(batch, cancellationToken), cancellationToken);
            return await ResultAsync("embedded", durability.ToString(), rate, seconds, pings.Length, receiver, measurement, goal, cancellationToken);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static async Task<BenchResult> RedisAsync(string endpoint, BenchSettings settings, double rate, double seconds, Durability durability, CancellationToken cancellationToken)
    {
        var pings = Pings(rate, seconds);
        await using var receiver = await LatencyReceiver.StartAsync(pings.Length, Warmup(rate, seconds), cancellationToken);
        using var http = new HttpClient();
        var partitions = new EmbeddedOptions().Partitions;
        await using var peer = await RedisPeer.ConnectAsync(endpoint, [new LatencyProbe(receiver.BaseUrl)], partitions, settings.BatchSize);
        await peer.ResetAsync(durability, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consumers = peer.RunAsync(stop.Token);
        var relay = Task.Run(() => peer.RelayAsync(http, stop.Token), CancellationToken.None);
        var measurement = Measurement.Start();
        await SendAsync(pings, rate, receiver, batch => peer.AppendAsync(Split(batch, partitions)), cancellationToken);
        var result = await ResultAsync(peer.Name, peer.DurabilityOf(durability), rate, seconds, pings.Length, receiver, measurement, null, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(consumers, relay);
        return result with { Note = $"{result.Note}; consumers and relay poll every 1 ms when idle (the multiplexer has no blocking XREAD)" };
    }

    /// <summary>Sends each ping at its intended time (start + n / rate), in whatever group is due at each millisecond tick, without waiting for earlier sends.</summary>
    private static async Task SendAsync(ReadOnlyMemory<byte>[] pings, double rate, LatencyReceiver receiver, Func<ReadOnlyMemory<byte>[], Task> send, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var ticksPerPing = Stopwatch.Frequency / rate;
        for (var n = 0; n < pings.Length; n++)
        {
            receiver.Intend(n, start + (long)(n * ticksPerPing));
        }

        var sends = new List<Task>();
        var sent = 0;
        while (sent < pings.Length)
        {
            var due = (int)Math.Min(pings.Length, Math.Max(0, (Stopwatch.GetTimestamp() - start) / ticksPerPing + 1));
            if (due > sent)
            {
                sends.Add(send(pings[sent..due]));
                sent = due;
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(sends);
    }

    private static async Task<BenchResult> ResultAsync(string target, string durability, double rate, double seconds, int pings, LatencyReceiver receiver, Measurement measurement, double? goal, CancellationToken cancellationToken)
    {
        // Every webhook should arrive; wait up to 30 s for stragglers, and say so if some never did.
        var deadline = Stopwatch.StartNew();
        while (receiver.Received < pings && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10, cancellationToken);
        }

        return new BenchResult
        {
            Workload = "LAT",
            Target = target,
            Durability = durability,
            Events = receiver.Received,
            Seconds = measurement.Elapsed.TotalSeconds,
            Rate = rate,
            Unit = "events/s offered",
            CpuSecondsPerMillion = measurement.CpuSecondsPerMillion(pings),
            PeakRssBytes = Measurement.PeakRss,
            Latency = receiver.Summary(),
            GoalP99Milliseconds = goal,
            Note = $"open loop, {rate:N0} pings/s for {seconds:N0} s after a {Warmup(rate, seconds) / rate:N0}-s warm-up, over {Keys:N0} keys, ingest -> webhook delivered, from each ping's intended send time; {receiver.Received:N0} of {pings:N0} webhooks arrived{(receiver.Received < pings ? " (LAGGING)" : string.Empty)}",
        };
    }

    /// <summary>Pings sent first and not recorded, so the JIT and connection set-up are not measured: a third of the time, at most 5 s.</summary>
    private static long Warmup(double rate, double seconds) => (long)(rate * Math.Min(5, seconds / 3));

    private static ReadOnlyMemory<byte>[] Pings(double rate, double seconds)
    {
        var count = (int)(rate * seconds + Warmup(rate, seconds));
        return [.. Enumerable.Range(0, count).Select(n => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(
            $"{{\"specversion\":\"1.0\",\"id\":\"p{n}\",\"source\":\"/latency\",\"type\":\"{LatencyProbe.PingEvent}\",\"subject\":\"k-{n % Keys:D4}\",\"data\":{{\"n\":{n.ToString(CultureInfo.InvariantCulture)}}}}}"))];
    }

    private static ReadOnlyMemory<byte>[][] Split(ReadOnlyMemory<byte>[] batch, int partitions)
    {
        // The producer picks each ping's stream by the hash of its key, as MicroStreams partitions it.
        var split = Enumerable.Range(0, partitions).Select(_ => new List<ReadOnlyMemory<byte>>()).ToArray();
        foreach (var bytes in batch)
        {
            var read = Events.CloudEventReader.Read(bytes, default, default);
            split[Partitioner.PartitionOf(read.Event!.RoutingKey, partitions)].Add(bytes);
        }

        return [.. split.Select(s => s.ToArray())];
    }
}
