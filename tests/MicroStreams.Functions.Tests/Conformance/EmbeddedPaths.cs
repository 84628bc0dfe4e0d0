using System.Text;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.State;
using MicroStreams.Effects;
using MicroStreams.Processors;
using MicroStreams.Replay;
using MicroStreams.Time;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Tests.Conformance;

/// <summary>The embedded host's two paths: the live consumer on a real SQLite data folder, and a rebuild of its log.</summary>
internal static class EmbeddedPaths
{
    /// <summary>Runs the script live; returns what it ended with, the log it wrote and how far its consumer fired timers.</summary>
    public static async Task<(Observation Live, List<LogRecord> Log, DateTimeOffset FiredHorizon)> RunLiveAsync(Script script, IProcessor processor, string projection)
    {
        var clock = new ManualTimeProvider(Script.T0);
        var folder = Path.Combine(Path.GetTempPath(), "microstreams-conformance", Guid.NewGuid().ToString("N"));
        var options = new EmbeddedOptions
        {
            DataPath = folder,
            Partitions = 1,
            Durability = Durability.Normal,
            RunBackground = false,
            MaxBatchEvents = script.BatchSize,
            ReadSliceEvents = script.BatchSize,
        };
        var runtime = EmbeddedRuntime.Start(options, [processor], [new NullSink("test"), new NullSink("email")], clock);
        try
        {
            var next = 0;
            foreach (var move in script.Moves)
            {
                switch (move)
                {
                    case Append append:
                        var now = clock.GetUtcNow();
                        var id = append.Id ?? $"e{next++}";
                        var result = await runtime.IngestAsync([MicroStreams.Events.CloudEventReader.Write(id, "conformance", append.Type, append.Subject, now + append.Shift, append.Data)]);
                        Assert.True(result.Accepted);
                        break;
                    case Advance advance:
                        clock.Advance(advance.By);
                        if (!advance.Lag)
                        {
                            await runtime.DrainAsync();
                        }

                        break;
                }
            }

            clock.Advance(TimeSpan.FromDays(30));
            await runtime.DrainAsync();

            var live = new Observation("embedded live");
            foreach (var (key, body) in await runtime.EncodedWorkersAsync(processor.Spec.Name, withGeneration: true))
            {
                live.Add(WorkerCodec.Read(Encoding.UTF8.GetBytes(body), processor), processor);
                foreach (var effect in runtime.EffectsOf(new WorkerId(processor.Spec.Name, key), 1000))
                {
                    live.AddEffect(effect.Id, effect.Payload);
                }
            }

            foreach (var letter in runtime.DeadLetters(new DeadLetterQuery { Limit = 1000 }).Where(l => l.Kind != DeadLetterKind.EffectUndeliverable))
            {
                live.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
            }

            foreach (var row in (await runtime.ScanProjectionAsync(projection, "", null, 1000)).Rows)
            {
                live.Rows[row.Key] = row.Document;
            }

            var log = new List<LogRecord>();
            using (var reader = runtime.Log.OpenReader())
            {
                reader.Read(0, -1, 100_000, log);
                log = [.. log.Select(r => r with { Bytes = r.Bytes.ToArray() })];
                reader.Release();
            }

            return (live, log, runtime.FiredHorizonOf(0));
        }
        finally
        {
            await runtime.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    /// <summary>Rebuilds the processor from the log, batch by batch as a replay reads it, then fires up to the live horizon as the switch does.</summary>
    public static Observation Rebuild(Script script, IProcessor processor, string projection, List<LogRecord> log, DateTimeOffset firedHorizon, DateTimeOffset now)
    {
        var rebuild = new PartitionRebuild(0, processor, new ReplayRequest(processor.Spec.Name), 1, 3, new ReplayTally(), collectEffects: true);
        foreach (var chunk in log.Chunk(script.BatchSize))
        {
            rebuild.Apply([.. chunk], now);
        }

        rebuild.FireDue(firedHorizon);
        var observed = new Observation("embedded rebuild");
        foreach (var worker in rebuild.Workers.Values)
        {
            observed.Add(worker, processor);
        }

        foreach (var effect in rebuild.Effects)
        {
            observed.AddEffect(effect.Id, effect.Payload);
        }

        foreach (var letter in rebuild.DeadLetters)
        {
            observed.AddDeadLetter(letter.Kind, letter.Key, letter.Sequence, letter.Reason);
        }

        foreach (var (key, document) in rebuild.Projections.Take(projection) ?? [])
        {
            if (document is not null)
            {
                observed.Rows[key] = document;
            }
        }

        return observed;
    }

    private sealed class NullSink(string channel) : IEffectSender
    {
        public string Channel => channel;

        public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken) => Task.FromResult(EffectDeliveryResult.Delivered);
    }
}
