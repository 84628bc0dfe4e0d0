using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Time;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Testing;

/// <summary>
/// Runs processors in memory the way a host runs them, for their specification tests (as Kafka Streams'
/// TopologyTestDriver runs a topology): send events, move a manual clock, and read what the workers decided. Every
/// decision is the core's <see cref="WorkerStep"/>, the step both hosts call, under the hosts' timer rule (docs/timers.md):
/// an event is appended at the clock's time and the worker's timers due by then fire before it; moving the clock fires
/// every timer due by the new time, earliest first (then by processor and key). Effects are recorded, not delivered.
/// Not thread-safe.
/// </summary>
public sealed partial class ProcessorTestDriver
{
    private readonly ProcessorTestOptions _options;
    private readonly Router _router;
    private readonly WorkerStep _step;
    private readonly ApplyResults _actions = new();
    private readonly Dictionary<WorkerId, Slot> _workers = [];
    private readonly List<Effect> _effects = [];
    private readonly List<StepDeadLetter> _deadLetters = [];
    private readonly Dictionary<(string Projection, string Key), string> _rows = [];

    /// <summary>A driver for one processor.</summary>
    public ProcessorTestDriver(IProcessor processor, ProcessorTestOptions? options = null)
        : this([processor ?? throw new ArgumentNullException(nameof(processor))], options)
    {
    }

    /// <summary>A driver for processors that share one log: each event reaches every processor subscribed to its type.</summary>
    public ProcessorTestDriver(IEnumerable<IProcessor> processors, ProcessorTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(processors);
        _options = options ?? new ProcessorTestOptions();
        _options.Validate();
        _router = new Router(processors);
        if (_router.Processors.Count == 0)
        {
            throw new ArgumentException("give at least one processor", nameof(processors));
        }

        _step = new WorkerStep(_options.MaxAttempts, StepMode.Live);
        _nextSequence = new long[_options.Partitions];
        Clock = new ManualTimeProvider(_options.Start);
    }

    /// <summary>The driver's clock: the log's append time. Hand it to code under test that takes a <see cref="TimeProvider"/>.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>The clock's time: when the next event sent is appended.</summary>
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Every effect decided so far, in decision order (a host would deliver each at least once, with its id as the idempotency key).</summary>
    public IReadOnlyList<Effect> Effects => _effects;

    /// <summary>Every dead letter decided so far (refused and parked events, failed timers), with kind and reason as a host stores them.</summary>
    public IReadOnlyList<StepDeadLetter> DeadLetters => _deadLetters;

    /// <summary>Projection rows as a store holds them: the last change of each (projection, key) wins; a removal removes it.</summary>
    public IReadOnlyDictionary<(string Projection, string Key), string> Rows => _rows;

    /// <summary>Every worker activated so far (retired and quarantined ones included), ordered by processor and key.</summary>
    public IReadOnlyList<Worker> Workers =>
        [.. _workers.Values.Select(s => s.Worker).OrderBy(w => w.Id.Processor, StringComparer.Ordinal).ThenBy(w => w.Id.Key, StringComparer.Ordinal)];

    /// <summary>The worker <paramref name="id"/>, or null when no event activated it.</summary>
    public Worker? FindWorker(WorkerId id) => _workers.GetValueOrDefault(id)?.Worker;

    /// <summary>The worker of <paramref name="key"/>, in whichever processor has one; null when none has.</summary>
    public Worker? FindWorker(string key)
    {
        var found = _workers.Values.Where(s => string.Equals(s.Worker.Id.Key, key, StringComparison.Ordinal)).Take(2).ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0].Worker,
            _ => throw new InvalidOperationException($"several processors have a worker '{key}'; pass a WorkerId"),
        };
    }

    /// <summary>The worker of <paramref name="key"/>; throws when there is none.</summary>
    public Worker Worker(string key) => FindWorker(key) ?? throw new KeyNotFoundException($"no worker '{key}' was activated");

    /// <summary>The state of the worker of <paramref name="key"/> (a retired worker keeps its last state).</summary>
    public TState State<TState>(string key)
        where TState : class =>
        Worker(key).State as TState ?? throw new InvalidOperationException($"worker '{key}' holds {Worker(key).State?.GetType().Name ?? "no state"}, not {typeof(TState).Name}");

    /// <summary>The timers armed on the worker of <paramref name="key"/>, in the order they would fire (due, then name).</summary>
    public IReadOnlyList<ScheduledTimer> Timers(string key) =>
        Worker(key).Timers is { } timers ? [.. timers.Values.OrderBy(t => t.Due).ThenBy(t => t.Name, StringComparer.Ordinal)] : [];

    /// <summary>The row <paramref name="key"/> of <paramref name="projection"/> as JSON, or null when there is none.</summary>
    public string? Row(string projection, string key) => _rows.GetValueOrDefault((projection, key));

    /// <summary>The row <paramref name="key"/> of <paramref name="projection"/> read as <typeparamref name="TRow"/> (with the
    /// serializer settings the hosts write rows with), or null when there is none.</summary>
    public TRow? Row<TRow>(string projection, string key) =>
        Row(projection, key) is { } json ? JsonSerializer.Deserialize<TRow>(json, StateJson.Options) : default;

    /// <summary>The log partition an event with <paramref name="routingKey"/> (its <c>partitionkey</c>, else its subject) goes to.</summary>
    public int PartitionOf(string routingKey) => Partitioner.PartitionOf(routingKey, _options.Partitions);

    /// <summary>Takes the step's decisions into what the driver shows, and stores the worker's state as a host would.</summary>
    private void Take(Slot? slot)
    {
        _effects.AddRange(_actions.Effects);
        _deadLetters.AddRange(_actions.DeadLetters);
        foreach (var change in _actions.ProjectionChanges)
        {
            if (change.Document is { } document)
            {
                _rows[(change.Projection, change.Key)] = document;
            }
            else
            {
                _rows.Remove((change.Projection, change.Key));
            }
        }

        _actions.Clear();
        if (_options.RoundTripState && slot?.Worker.State is { } state)
        {
            slot.Worker.State = RoundTrip(slot.Processor, state);
        }
    }

    private static object RoundTrip(IProcessor processor, object state)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            processor.WriteState(writer, state);
        }

        return processor.ReadState(buffer.WrittenSpan, processor.Spec.Version);
    }

    private sealed record Slot(IProcessor Processor, Worker Worker, int Partition);
}
