using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded.State;
using MicroStreams.Workers;

namespace MicroStreams.Embedded;

public sealed partial class EmbeddedRuntime
{
    public IReadOnlyList<PartitionView> Partitions() =>
        [.. _consumers.Select(c => new PartitionView(c.Partition, Log.Head(c.Partition), c.Checkpoint, c.ArmedTimerEntries, c.NextTimerDue))];

    /// <summary>The worker's current state and timers, or null when it has never been activated.</summary>
    public async Task<WorkerView?> GetWorkerAsync(WorkerId id, CancellationToken cancellationToken = default)
    {
        if (Router.Find(id.Processor) is not { } processor)
        {
            return null;
        }

        foreach (var consumer in _consumers)
        {
            var view = await consumer.InspectAsync(workers => workers.TryGetValue(id, out var worker) ? ToView(worker, consumer.Partition, processor) : null, cancellationToken);
            if (view is not null)
            {
                return view;
            }
        }

        return null;
    }

    /// <summary>Counts of workers per processor and status.</summary>
    public async Task<IReadOnlyDictionary<(string Processor, WorkerStatus Status), int>> CountWorkersAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<(string, WorkerStatus), int>();
        foreach (var consumer in _consumers)
        {
            await consumer.InspectAsync(workers =>
            {
                foreach (var worker in workers.Values)
                {
                    var key = (worker.Id.Processor, worker.Status);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                return 0;
            }, cancellationToken);
        }

        return counts;
    }

    public RuntimeCounters Counters()
    {
        long Sum(Func<Consumers.ConsumerStats, long> pick) => _consumers.Sum(c => pick(c.Stats));
        return new RuntimeCounters(
            Sum(s => s.Events), Sum(s => s.Applied), Sum(s => s.NotActivated), Sum(s => s.IgnoredRetired),
            Sum(s => s.Failed), Sum(s => s.Parked), Sum(s => s.TimersFired), Sum(s => s.Effects),
            Interlocked.Read(ref _delivery.Delivered), Interlocked.Read(ref _delivery.Retries), Interlocked.Read(ref _delivery.Undeliverable),
            Sum(s => s.DeadLetters), Sum(s => s.Commits), _consumers.Sum(c => (long)c.WorkerCount));
    }

    /// <summary>Dead letters, newest first, optionally filtered, with keyset paging on id.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters(DeadLetterQuery query) => _store.DeadLetters.Reads.List(query);

    /// <summary>Re-applies the worker's pending dead letters in order and lifts its quarantine; returns how many were redriven.</summary>
    public async Task<int> RedriveAsync(WorkerId worker, CancellationToken cancellationToken = default)
    {
        var letters = _store.DeadLetters.PendingOf(worker);
        if (letters.Count == 0)
        {
            return 0;
        }

        var consumer = _consumers[letters[0].Partition];
        using var span = Telemetry.RedriveTracing.Start(worker, letters.Count);
        var done = consumer.RequestRedrive(worker, span?.Context ?? default);
        if (Options.RunBackground)
        {
            Wake(consumer.Partition);
        }
        else
        {
            await consumer.StepAsync(cancellationToken);
        }

        return await done.WaitAsync(cancellationToken);
    }

    public bool DiscardDeadLetter(long id) => _store.DeadLetters.Discard(id);

    private static WorkerView ToView(Worker worker, int partition, Processors.IProcessor processor)
    {
        JsonElement? state = null;
        if (worker.State is not null)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                processor.WriteState(writer, worker.State);
            }

            state = JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
        }

        return new WorkerView(
            worker.Id.Processor, worker.Id.Key, partition, worker.Status, state,
            [.. (worker.Timers?.Values.AsEnumerable() ?? []).OrderBy(t => t.Due)], [.. worker.Watermarks],
            worker.EventsApplied, worker.EffectsSent, worker.TimersFired, worker.ActivatedAt, worker.LastChangedAt, worker.QuarantineReason);
    }
}
