using System.Diagnostics;
using System.Net.Http.Headers;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Embedded;
using MicroStreams.Cli.Infrastructure;
using MicroStreams.Http.Hosting;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// P1, projection point reads over HTTP (issue 7: "a point read over HTTP answers in under 2 ms p99 locally"): a real
/// <c>serve</c> (Kestrel, keys, the example processors, background loops running) on a free loopback port, with the
/// <c>last_signin</c> projection filled by churn detection from a corpus over the bench users. One keep-alive client then
/// reads random rows one request at a time, alternating with <c>GET /healthz</c> (the peer: the same client, server and
/// machine doing nothing but HTTP), so both see the same conditions. Latency is measured per request with the
/// high-resolution clock, from send to the whole body read.
/// </summary>
public static class PointReadWorkload
{
    public const double GoalP99Milliseconds = 2;
    private const int Warmup = 2_000;
    private const int Requests = 20_000;

    public static async IAsyncEnumerable<BenchResult> RunAsync(BenchSettings settings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.WorkFolder, "p1");
        var users = (int)Math.Min(settings.Users, 20_000);
        BenchResult[] results;
        Directory.CreateDirectory(path);
        try
        {
            await using var server = await ServeHost.StartAsync(new ServeOptions { Port = 0, DataPath = path, Register = examples => examples.AddExampleProcessors(), Output = TextWriter.Null }, cancellationToken);
            var rows = await FillAsync(server, users, settings, cancellationToken);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("x-functions-key", server.FunctionKey);
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            var random = new Random(11);
            string NextRow() => $"/api/projections/{ChurnDetection.LastSignInProjection}/rows/{Uri.EscapeDataString(rows[random.Next(rows.Length)])}";
            await MeasureAsync(client, Warmup, NextRow, cancellationToken);
            var measurement = Measurement.Start();
            var (reads, peer) = await MeasureAsync(client, Requests, NextRow, cancellationToken);
            var seconds = measurement.Elapsed.TotalSeconds;

            // The same reads while the engine ingests and processes a steady 2,000 events/s (sign-ins and sales of the same users).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var load = IngestSteadilyAsync(server, users, stop.Token);
            var underLoad = Measurement.Start();
            var (busyReads, busyPeer) = await MeasureAsync(client, Requests, NextRow, cancellationToken);
            var busySeconds = underLoad.Elapsed.TotalSeconds;
            await stop.CancelAsync();
            var ingested = await load;

            var note = $"{rows.Length:N0} rows in {ChurnDetection.LastSignInProjection}; {Requests:N0} sequential reads of random rows on one keep-alive connection, interleaved with the peer";
            var busyNote = $"{note}; meanwhile {ingested:N0} events ingested at ~2,000/s and processed (rows being rewritten)";
            results =
            [
                Result("embedded, idle", reads, seconds, GoalP99Milliseconds, note, Measurement.PeakRss),
                Result("peer: GET /healthz, idle", peer, seconds, null, "peer: the same client, connection and server on a route that does nothing", null),
                Result("embedded, under ingest", busyReads, busySeconds, GoalP99Milliseconds, busyNote, null),
                Result("peer: GET /healthz, under ingest", busyPeer, busySeconds, null, "peer: as above, during the same ingest", null),
            ];
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }

        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <summary>Sign-ins and sales over <paramref name="users"/> users through the serve's runtime; returns the keys of the rows once every partition has caught up.</summary>
    private static async Task<string[]> FillAsync(ServeInstance server, int users, BenchSettings settings, CancellationToken cancellationToken)
    {
        var runtime = server.Context.Runtime;
        var corpus = BenchCorpus.Create(users * 5L, users, settings.BatchSize, runtime.Partitions().Count);
        await BenchIngest.IngestAsync(runtime, corpus, settings.Producers, cancellationToken);
        while (runtime.Partitions().Sum(p => p.Lag) > 0)
        {
            await Task.Delay(50, cancellationToken);
        }

        var keys = new List<string>();
        string? after = null;
        do
        {
            var page = await runtime.ScanProjectionAsync(ChurnDetection.LastSignInProjection, string.Empty, after, 1_000, cancellationToken);
            keys.AddRange(page.Rows.Select(r => r.Key));
            after = page.NextAfter;
        }
        while (after is not null);

        return keys.Count > 0
            ? [.. keys]
            : throw new UsageException($"P1 reads rows of {ChurnDetection.LastSignInProjection}, and a corpus of {users:N0} users wrote none: use --users 1000 or more");
    }

    /// <summary>Batches of 100 events every 50 ms until cancelled; returns how many were ingested.</summary>
    private static async Task<long> IngestSteadilyAsync(ServeInstance server, int users, CancellationToken cancellationToken)
    {
        var runtime = server.Context.Runtime;
        var corpus = BenchCorpus.Create(200_000, users, 100, runtime.Partitions().Count, seed: 13);
        long ingested = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            foreach (var batch in corpus.Batches)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
                await runtime.IngestAsync(batch, cancellationToken);
                ingested += batch.Length;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reads are done.
        }

        return ingested;
    }

    private static async Task<(long[] Reads, long[] Peer)> MeasureAsync(HttpClient client, int count, Func<string> nextRow, CancellationToken cancellationToken)
    {
        var reads = new long[count];
        var peer = new long[count];
        for (var i = 0; i < count; i++)
        {
            reads[i] = await TimeAsync(client, nextRow(), cancellationToken);
            peer[i] = await TimeAsync(client, "/healthz", cancellationToken);
        }

        return (reads, peer);
    }

    private static async Task<long> TimeAsync(HttpClient client, string uri, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(uri, cancellationToken);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {uri} answered {(int)response.StatusCode}");
        }

        return elapsed;
    }

    private static BenchResult Result(string target, long[] ticks, double seconds, double? goalP99, string note, long? peakRss)
    {
        Array.Sort(ticks);
        double Ms(double quantile) => ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(quantile * ticks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new BenchResult
        {
            Workload = "P1",
            Target = target,
            Durability = "n/a",
            Events = ticks.Length,
            Seconds = seconds,
            Rate = ticks.Length / seconds,
            Unit = "reads/s",
            PeakRssBytes = peakRss,
            Latency = new LatencySummary(Ms(0.5), Ms(0.99), Ms(0.999), Ms(1.0)),
            GoalP99Milliseconds = goalP99,
            Note = note,
        };
    }
}
