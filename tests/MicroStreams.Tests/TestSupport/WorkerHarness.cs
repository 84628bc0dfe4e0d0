using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Workers;

namespace MicroStreams.Tests.TestSupport;

/// <summary>
/// Drives one processor in memory the way a host does: timers due by an event's time fire before it, and
/// <see cref="AdvanceTo"/> fires every timer due by then, earliest first. Collects the effects decided.
/// </summary>
internal sealed class WorkerHarness(IProcessor processor, int partition = 0)
{
    private readonly WorkerApplier _applier = new();
    private readonly ApplyResults _results = new();
    private long _sequence;

    public Dictionary<string, Worker> Workers { get; } = new(StringComparer.Ordinal);

    public List<Effect> Effects { get; } = [];

    /// <summary>Projection rows as a store would hold them: the last change of each (projection, key) wins; removals remove.</summary>
    public Dictionary<(string Projection, string Key), string> Projections { get; } = [];

    public Worker this[string key] => Workers[key];

    /// <summary>
    /// Appends an event and offers it to its worker. With <paramref name="fireDueTimers"/> false the worker's timers due by
    /// its time stay put: the event arrived late, before the host's clock reached them.
    /// </summary>
    public ApplyOutcome Apply(string type, string subject, DateTimeOffset time, string? data = null, string? id = null, bool fireDueTimers = true)
    {
        var @event = Ev.Make(type, subject, time, data, ++_sequence, partition, id);
        var key = Router.KeyFor(processor, @event) ?? throw new InvalidOperationException("the event reaches no worker");
        if (fireDueTimers)
        {
            AdvanceTo(time, key);
        }

        Workers.TryGetValue(key, out var worker);
        var outcome = _applier.ApplyEvent(processor, ref worker, key, @event, _results);
        if (worker is not null)
        {
            Workers[key] = worker;
        }

        Take();
        return outcome;
    }

    /// <summary>Fires due timers (of one worker, or all) in due order; returns how many fired.</summary>
    public int AdvanceTo(DateTimeOffset now, string? onlyKey = null)
    {
        var fired = 0;
        while (true)
        {
            var next = Workers.Values
                .Where(w => onlyKey is null || w.Id.Key == onlyKey)
                .Where(w => w.Status == WorkerStatus.Active && w.Timers is not null)
                .SelectMany(w => w.Timers!.Values.Select(t => (Worker: w, Timer: t)))
                .Where(x => x.Timer.Due <= now)
                .OrderBy(x => x.Timer.Due)
                .FirstOrDefault();
            if (next.Worker is null)
            {
                return fired;
            }

            _applier.FireTimer(processor, next.Worker, next.Timer.Name, next.Timer.Token, now, partition, _results);
            Take();
            fired++;
        }
    }

    private void Take()
    {
        Effects.AddRange(_results.Effects);
        foreach (var change in _results.ProjectionChanges)
        {
            if (change.Document is null)
            {
                Projections.Remove((change.Projection, change.Key));
            }
            else
            {
                Projections[(change.Projection, change.Key)] = change.Document;
            }
        }

        _results.Clear();
    }
}
