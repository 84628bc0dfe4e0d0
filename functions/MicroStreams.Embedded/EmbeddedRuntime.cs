using MicroStreams.Embedded.Consumers;
using MicroStreams.Embedded.Effects;
using MicroStreams.Embedded.Hosting;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Telemetry;
using MicroStreams.Effects;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroStreams.Embedded;

/// <summary>
/// The single-machine runtime: a partitioned durable log, one consumer per partition that owns its workers,
/// and an effect delivery engine, all on SQLite. Same semantics as the Azure host, zero setup.
/// </summary>
public sealed partial class EmbeddedRuntime : IAsyncDisposable
{
    private readonly StateStore _store;
    private readonly PartitionConsumer[] _consumers;
    private readonly EffectDelivery _delivery;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    private readonly ILogger _logger;
    private int _disposed;

    private EmbeddedRuntime(EmbeddedOptions options, Router router, IEnumerable<IEffectSender> senders, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        Options = options;
        Router = router;
        Time = time;
        Directory.CreateDirectory(options.DataPath);
        Log = new EventLog(Path.Combine(options.DataPath, "log.db"), options.Partitions, options.Durability, options.DedupeWindow, time);
        _store = new StateStore(Path.Combine(options.DataPath, "state.db"), options.StateDurability);
        Metrics = new RuntimeMetrics(ConsumerLags, options.MeterScope);
        _consumers = [.. Enumerable.Range(0, options.Partitions).Select(p => new PartitionConsumer(p, router, Log, _store, options, time) { Metrics = Metrics })];
        _delivery = new EffectDelivery(_store.Outbox, senders, options, time, Metrics, _stopping.Token);
        _signals = [.. _consumers.Select(_ => new SemaphoreSlim(0, 1))];
        _delivery.Progressed += () => Release(_deliverySignal);
        Log.Appended += Wake;
        RuntimeLog.Opened(logger, options.DataPath, options.Partitions, _consumers.Sum(c => c.WorkerCount), _consumers.Sum(c => Log.Head(c.Partition) - c.Checkpoint));
    }

    public EmbeddedOptions Options { get; }
    public Router Router { get; }
    public TimeProvider Time { get; }
    public EventLog Log { get; }

    /// <summary>The runtime's histograms and lag gauge (see <see cref="MicroStreamsTelemetry"/>).</summary>
    public RuntimeMetrics Metrics { get; }

    /// <summary>Opens (or creates) the data folder, recovers every partition's workers and, unless told not to, starts processing.</summary>
    public static EmbeddedRuntime Start(EmbeddedOptions options, IEnumerable<IProcessor> processors, IEnumerable<IEffectSender> senders, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("MicroStreams.Embedded");
        var runtime = new EmbeddedRuntime(options, new Router(processors), senders, time ?? TimeProvider.System, logger);
        runtime.PrepareReplays();
        if (options.RunBackground)
        {
            runtime.StartBackground();
        }

        return runtime;
    }

    /// <summary>
    /// Validates every event and appends them all, or none: a request with one bad event appends nothing and
    /// says which and why. Completes once the events are durable.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var ingest = IngestTracing.Start(events);
        var items = new AppendItem[events.Count];
        List<(int, EventRejection)>? rejections = null;
        for (var i = 0; i < events.Count; i++)
        {
            var read = CloudEventReader.Read(events[i], default, default);
            if (!read.IsValid)
            {
                (rejections ??= []).Add((i, read.Rejection));
                continue;
            }

            var partition = Partitioner.PartitionOf(read.Event.RoutingKey, Log.Partitions);
            items[i] = new AppendItem(partition, new DedupeKey(read.Event.Source, read.Event.Id), events[i], Validated: true);
        }

        if (rejections is not null)
        {
            ingest?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "rejected");
            return new IngestResult(null, rejections);
        }

        return new IngestResult(await AppendTracedAsync(items, ingest, started, cancellationToken), []);
    }

    /// <summary>Appends a record without validating it, as a broker would: it is dead-lettered if it is not a valid event.</summary>
    public Task<AppendReceipt> AppendRawAsync(string routingKey, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        Log.AppendAsync([new AppendItem(Partitioner.PartitionOf(routingKey, Log.Partitions), null, bytes)], cancellationToken);

    /// <summary>
    /// Processes until nothing is left to do now: every partition caught up with its head, no timer due, no effect due.
    /// Tests and the demo call it after moving a manual clock; <c>serve</c> runs the same steps in the background.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var now = Time.GetUtcNow();
            var busy = _consumers.Where(c => c.HasWork(now)).ToArray();
            await Parallel.ForEachAsync(busy, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (consumer, ct) =>
            {
                while (consumer.HasWork(Time.GetUtcNow()) && await consumer.StepAsync(ct) > 0)
                {
                }
            });
            var attempts = await _delivery.DeliverDueAsync(cancellationToken);
            if (busy.Length == 0 && attempts == 0)
            {
                return;
            }
        }
    }

    /// <summary>Stops processing, finishes the current batches and commits; a second call does nothing (a host stops it, then its container disposes it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopReplaysAsync();
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        await StopDeliveryAsync();

        Log.Appended -= Wake;
        foreach (var consumer in _consumers)
        {
            await consumer.CompactAsync();
            consumer.Dispose();
        }

        await Log.DisposeAsync();
        _projectionStore?.Dispose();
        _store.Dispose();
        Metrics.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _stopping.Dispose();
        RuntimeLog.Stopped(_logger);
    }
}
