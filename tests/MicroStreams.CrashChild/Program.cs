using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MicroStreams.CrashChild;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Effects;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Time;
using MicroStreams.Workers;

// Usage: MicroStreams.CrashChild <data folder> <first batch> [--finish]
// Ingests batches from <first batch> on, printing "ACK <n>" once batch n is durable, with consumers and delivery running
// in the background; then prints "IDLE" and keeps consuming until it is killed (the crash tests SIGKILL it at progress
// points they choose, so every kill lands). With --finish it ingests the rest, drains, fires every timer and prints one
// JSON line with the final worker states, dead letters and delivered effects.
//
// The clock is manual and stays at Workload.T0, at or before every event time, until the finish: no timer can fire
// between events in any run, so where the kills land cannot change the outcome, and every timer fires at the finish.
var dataPath = args[0];
var first = int.Parse(args[1], CultureInfo.InvariantCulture);
var finish = args.Contains("--finish");
var clock = new ManualTimeProvider(Workload.T0);
var options = new EmbeddedOptions
{
    DataPath = dataPath,
    Partitions = 4,
    Durability = Durability.Normal,
    MaxBatchEvents = 64,
    CompactAfterChanges = 500,
    EffectMaxAge = TimeSpan.FromDays(365),
    RunBackground = !finish,
};
using var email = new FileSink("email", Path.Combine(dataPath, "email.jsonl"));
using var webhook = new FileSink("webhook", Path.Combine(dataPath, "webhook.jsonl"));
var runtime = EmbeddedRuntime.Start(options, ExampleProcessors.All(Workload.Directory), [email, webhook], clock);
await using (runtime)
{
    for (var batch = first; batch < Workload.Batches; batch++)
    {
        var result = await runtime.IngestAsync(Workload.Batch(batch));
        if (!result.Accepted)
        {
            throw new InvalidOperationException($"batch {batch} was rejected: {result.Rejections[0].Rejection}");
        }

        Console.WriteLine($"ACK {batch}");
        if (!finish)
        {
            // Gives the background consumers time to interleave with ingest, so kills land in both.
            await Task.Delay(15);
        }
    }

    if (!finish)
    {
        Console.WriteLine("IDLE");
        await Task.Delay(Timeout.Infinite);
    }

    if (finish)
    {
        await runtime.DrainAsync();
        clock.SetUtcNow(Workload.End.AddDays(8));
        await runtime.DrainAsync();
        Console.WriteLine(await Report.WriteAsync(runtime, dataPath));
    }
}

/// <summary>The final picture a crash test compares across runs.</summary>
internal static class Report
{
    public static async Task<string> WriteAsync(EmbeddedRuntime runtime, string dataPath)
    {
        var workers = new List<WorkerView>();
        var ids = Enumerable.Range(0, Workload.Users).Select(u => "u" + u.ToString("D3", CultureInfo.InvariantCulture))
            .SelectMany(u => new[] { new WorkerId(ChurnDetection.Name, u), new WorkerId(SalesMilestone.Name, u) })
            .Concat(Workload.Tenants.SelectMany(t => Enumerable.Range(0, 4).Select(p => new WorkerId(PushDelivery.Name, $"{t}#{p}"))));
        foreach (var id in ids)
        {
            if (await runtime.GetWorkerAsync(id) is { } view)
            {
                workers.Add(view);
            }
        }

        var deadLetters = runtime.DeadLetters(new DeadLetterQuery { Limit = 1000 })
            .OrderBy(l => (l.Partition, l.Sequence, l.Kind))
            .Select(l => $"{l.Kind} {l.Partition}:{l.Sequence} {l.Processor}/{l.Key} {l.EventId} {l.Status}");
        var effects = new[] { "email.jsonl", "webhook.jsonl" }
            .SelectMany(f => DeliveredEffects(Path.Combine(dataPath, f)))
            .Distinct()
            .Order(StringComparer.Ordinal);
        return JsonSerializer.Serialize(new
        {
            logEvents = runtime.Partitions().Sum(p => p.Head),
            workers,
            deadLetters,
            effects,
        });
    }

    /// <summary>"id sha256(payload)" per delivered line. A line cut short by a kill was never acknowledged and is skipped;
    /// the next run's output may follow it on the same line, so each record is read from its last opening.</summary>
    private static IEnumerable<string> DeliveredEffects(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path))
        {
            var start = line.LastIndexOf("{\"id\":\"ef_", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line[start..]);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var payload = document.RootElement.GetProperty("payload").GetRawText();
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
                yield return $"{document.RootElement.GetProperty("id").GetString()} {hash}";
            }
        }
    }
}
