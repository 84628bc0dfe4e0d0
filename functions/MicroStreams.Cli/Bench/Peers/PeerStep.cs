using MicroStreams.Effects;
using MicroStreams.Embedded.State;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// The decision half of a peer's consumer: parses a batch read from the peer's log, says which workers it touches,
/// and applies it through the core's <see cref="WorkerApplier"/> (the same handler code and step semantics as
/// MicroStreams) to workers the peer loaded from its own store. The peer then writes what changed in its own way, so
/// the comparison is of the durability and state layers only. One per consumer; not thread-safe.
/// </summary>
public sealed class PeerStep(IReadOnlyList<IProcessor> processors)
{
    private readonly Router _router = new(processors);
    private readonly WorkerApplier _applier = new();
    private readonly ApplyResults _results = new();

    /// <summary>What one batch (or one round of timers) decided, for the peer to persist in one transaction.</summary>
    public PeerChanges Changes { get; } = new();

    /// <summary>Parses the records of one partition's batch, in log order; records that are not events are dead letters.</summary>
    public List<StreamEvent> Read(IReadOnlyList<(ReadOnlyMemory<byte> Body, EventPosition Position)> records)
    {
        var events = new List<StreamEvent>(records.Count);
        foreach (var (body, position) in records)
        {
            var read = CloudEventReader.Read(body, position, default);
            if (read.IsValid)
            {
                events.Add(read.Event);
            }
            else
            {
                Changes.DeadLetters.Add((position, read.Rejection.ToString()!));
            }
        }

        return events;
    }

    /// <summary>The workers <paramref name="events"/> reach, for the peer to load in one round trip.</summary>
    public HashSet<WorkerId> WorkersOf(List<StreamEvent> events)
    {
        var ids = new HashSet<WorkerId>();
        foreach (var @event in events)
        {
            foreach (var processor in _router.SubscribersOf(@event.Type))
            {
                if (Router.KeyFor(processor, @event) is { } key)
                {
                    ids.Add(new WorkerId(processor.Spec.Name, key));
                }
            }
        }

        return ids;
    }

    /// <summary>Applies <paramref name="events"/> in order to <paramref name="workers"/> (loaded, or absent when new).</summary>
    public void Apply(List<StreamEvent> events, Dictionary<WorkerId, Worker> workers)
    {
        foreach (var @event in events)
        {
            foreach (var processor in _router.SubscribersOf(@event.Type))
            {
                if (Router.KeyFor(processor, @event) is not { } key)
                {
                    continue;
                }

                var id = new WorkerId(processor.Spec.Name, key);
                workers.TryGetValue(id, out var worker);
                var outcome = _applier.ApplyEvent(processor, ref worker, key, @event, _results);
                switch (outcome)
                {
                    case ApplyOutcome.Applied or ApplyOutcome.Failed:
                        workers[id] = worker!;
                        Changes.Workers[id] = worker!;
                        break;
                    case ApplyOutcome.Parked:
                        Changes.DeadLetters.Add((@event.Position, $"worker {id} is quarantined"));
                        break;
                }

                if (outcome == ApplyOutcome.Failed)
                {
                    Changes.DeadLetters.Add((@event.Position, _results.LastError?.Message ?? "handler failed"));
                }

                Collect();
            }
        }
    }

    /// <summary>Fires the timer <paramref name="name"/> of <paramref name="worker"/> if it is still armed and due at <paramref name="now"/>.</summary>
    public void Fire(Worker worker, string name, DateTimeOffset now, int partition)
    {
        var processor = Processor(worker.Id);
        if (worker.FindTimer(name) is not { } timer)
        {
            return;
        }

        if (_applier.FireTimer(processor, worker, name, timer.Token, now, partition, _results) is ApplyOutcome.Applied or ApplyOutcome.Failed)
        {
            Changes.Workers[worker.Id] = worker;
        }

        Collect();
    }

    public IProcessor Processor(WorkerId id) => _router.Find(id.Processor) ?? throw new InvalidDataException($"no processor named {id.Processor}");

    /// <summary>The worker record as the embedded store writes it, so both keep the same bytes per worker.</summary>
    public byte[] Encode(Worker worker) => WorkerCodec.Encode(worker, Processor(worker.Id));

    public Worker Decode(ReadOnlySpan<byte> record) => WorkerCodec.Read(record, Processor(WorkerCodec.ReadId(record)));

    private void Collect()
    {
        Changes.Effects.AddRange(_results.Effects);
        Changes.ArmedTimers.AddRange(_results.ArmedTimers);
        _results.Clear();
    }
}
