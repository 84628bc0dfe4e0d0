using System.Diagnostics;
using MicroStreams.Embedded.Log;
using MicroStreams.Events;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// Stopwatch breakdowns that isolate one stage of a workload with the engine's public pieces, so a missed target
/// can be traced to parsing, the handlers, or storage without a profiler.
/// </summary>
public static class Breakdowns
{
    /// <summary>W1 stage: CloudEvent validation alone, on every core.</summary>
    public static BenchResult ValidateOnly(BenchCorpus corpus)
    {
        var measurement = Measurement.Start();
        Parallel.ForEach(corpus.Batches, batch =>
        {
            foreach (var bytes in batch)
            {
                if (!CloudEventReader.Read(bytes, default, default).IsValid)
                {
                    throw new InvalidOperationException("invalid bench event");
                }
            }
        });
        var seconds = measurement.Elapsed.TotalSeconds;
        return new BenchResult
        {
            Workload = "W1",
            Target = "validate-only",
            Durability = "none",
            Events = corpus.Count,
            Seconds = seconds,
            Rate = corpus.Count / seconds,
            Unit = "events/s",
            CpuSecondsPerMillion = measurement.CpuSecondsPerMillion(corpus.Count),
            Note = $"breakdown: CloudEventReader.Read on {Environment.ProcessorCount} threads, no storage",
        };
    }

    /// <summary>W2 stage: routing and the two processors' handlers in memory, one thread, no storage or serialization.</summary>
    public static BenchResult ApplyOnly(IReadOnlyList<BenchCorpus> corpora)
    {
        IProcessor[] processors = [new ChurnDetection(), new SalesMilestone()];
        var router = new Router(processors);
        var applier = new WorkerApplier();
        var results = new ApplyResults();
        var workers = new Dictionary<WorkerId, Worker>();
        var measurement = Measurement.Start();
        var stopwatch = Stopwatch.StartNew();
        long events = 0;
        long sequence = 0;
        foreach (var corpus in corpora)
        {
            foreach (var batch in corpus.Batches)
            {
                foreach (var bytes in batch)
                {
                    var read = CloudEventReader.Read(bytes, new EventPosition(0, ++sequence), default);
                    events++;
                    foreach (var processor in router.SubscribersOf(read.Event!.Type))
                    {
                        var key = Router.KeyFor(processor, read.Event)!;
                        var id = new WorkerId(processor.Spec.Name, key);
                        workers.TryGetValue(id, out var worker);
                        if (applier.ApplyEvent(processor, ref worker, key, read.Event, results) == ApplyOutcome.Applied)
                        {
                            workers[id] = worker!;
                        }

                        results.Clear();
                    }
                }
            }
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(workers);
        return new BenchResult
        {
            Workload = "W2",
            Target = "core-apply-only",
            Durability = "none",
            Events = events,
            Seconds = seconds,
            Rate = events / seconds,
            Unit = "events/s",
            CpuSecondsPerMillion = measurement.CpuSecondsPerMillion(events),
            Workers = workers.Count,
            Note = $"breakdown: parse + route + WorkerApplier in memory on 1 thread (no log read, no state encoding, no SQLite); managed heap with the workers and corpus live {Infrastructure.ProcessStats.Megabytes(heap)} (corpus ~{corpora.Sum(c => c.PayloadBytes) / (1024 * 1024)} MB)",
        };
    }
}
