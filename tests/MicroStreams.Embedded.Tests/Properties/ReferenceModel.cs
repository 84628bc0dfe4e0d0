using MicroStreams.DeadLetters;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.Properties;

/// <summary>
/// What the runtime must end up with, computed by folding the same events through <see cref="WorkerApplier"/> in memory:
/// a worker's timers due by an event's time fire before it, and at each drain every timer due by the clock fires.
/// </summary>
internal sealed class ReferenceModel(IReadOnlyList<IProcessor> processors)
{
    private readonly WorkerApplier _applier = new();
    private readonly ApplyResults _results = new();

    public Dictionary<WorkerId, Worker> Workers { get; } = [];

    public HashSet<(DeadLetterKind Kind, int Partition, long Sequence, string? Processor, string? Key)> DeadLetters { get; } = [];

    /// <summary>Events a processor ignored by design (no worker activated, or the worker retired).</summary>
    public HashSet<(string Processor, EventPosition Position)> Ignored { get; } = [];

    public void Poison(EventPosition position) => DeadLetters.Add((DeadLetterKind.Unparseable, position.Partition, position.Sequence, null, null));

    public void Apply(StreamEvent @event)
    {
        foreach (var processor in processors)
        {
            var id = new WorkerId(processor.Spec.Name, @event.RoutingKey);
            Workers.TryGetValue(id, out var worker);
            if (worker is not null)
            {
                FireDue(processor, worker, @event.Time);
            }

            var outcome = _applier.ApplyEvent(processor, ref worker, id.Key, @event, _results);
            _results.Clear();
            if (worker is not null)
            {
                Workers[id] = worker;
            }

            switch (outcome)
            {
                case ApplyOutcome.Failed:
                    DeadLetters.Add((DeadLetterKind.HandlerFailed, @event.Position.Partition, @event.Position.Sequence, id.Processor, id.Key));
                    break;
                case ApplyOutcome.Parked:
                    DeadLetters.Add((DeadLetterKind.Parked, @event.Position.Partition, @event.Position.Sequence, id.Processor, id.Key));
                    break;
                case ApplyOutcome.NotActivated or ApplyOutcome.Retired:
                    Ignored.Add((id.Processor, @event.Position));
                    break;
            }
        }
    }

    public void Drain(DateTimeOffset now)
    {
        foreach (var worker in Workers.Values)
        {
            FireDue(processors.Single(p => p.Spec.Name == worker.Id.Processor), worker, now);
        }
    }

    private void FireDue(IProcessor processor, Worker worker, DateTimeOffset upTo)
    {
        while (worker.Status == WorkerStatus.Active && worker.Timers is { Count: > 0 } timers)
        {
            var next = timers.Values.MinBy(t => (t.Due, t.Name));
            if (next.Due > upTo)
            {
                return;
            }

            _applier.FireTimer(processor, worker, next.Name, next.Token, upTo, 0, _results);
            _results.Clear();
        }
    }
}
