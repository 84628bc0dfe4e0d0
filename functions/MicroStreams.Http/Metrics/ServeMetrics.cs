using System.Diagnostics.Metrics;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Embedded.Telemetry;

namespace MicroStreams.Http.Metrics;

/// <summary>
/// The platform's instruments on <see cref="System.Diagnostics.Metrics"/>: what the HTTP API accepted and refused,
/// and observable views of the runtime (throughput, outcomes, lag per partition, dead letters, effects, timer backlog).
/// Exported through OpenTelemetry (Prometheus, OTLP) and read by <see cref="MeterSnapshot"/> for the dashboard.
/// Its meter shares the runtime's scope, so that a host exports only its own when tests run several in one process.
/// </summary>
public sealed class ServeMetrics : IDisposable
{
    public const string MeterName = MicroStreamsTelemetry.Name;

    private readonly Counter<long> _requests;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;

    public ServeMetrics(EmbeddedRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Meter = new Meter(new MeterOptions(MeterName) { Version = "1.0", Scope = runtime.Options.MeterScope });
        _requests = Meter.CreateCounter<long>("microstreams.http.ingest.requests", "{request}", "Ingest requests by route and status code");
        _ingested = Meter.CreateCounter<long>("microstreams.http.ingest.events", "{event}", "Events appended durably through the HTTP API");
        _duplicates = Meter.CreateCounter<long>("microstreams.http.ingest.duplicates", "{event}", "Events dropped as retries of recently appended event ids");
        _rejected = Meter.CreateCounter<long>("microstreams.http.ingest.rejected", "{event}", "Events refused as invalid (the whole request is refused)");

        Meter.CreateObservableCounter("microstreams.events.consumed", () => runtime.Counters().Events, "{event}", "Log records read by the partition consumers");
        Meter.CreateObservableCounter("microstreams.events.applied", () => runtime.Counters().Applied, "{event}", "Events applied to workers");
        Meter.CreateObservableCounter("microstreams.worker.outcomes", () => Outcomes(runtime.Counters()), "{event}", "What reaching a worker did to an event, by outcome");
        Meter.CreateObservableCounter("microstreams.timers.fired", () => runtime.Counters().TimersFired, "{timer}", "Worker timers fired");
        Meter.CreateObservableCounter("microstreams.effects.decided", () => runtime.Counters().EffectsDecided, "{effect}", "Effects decided by processors");
        Meter.CreateObservableCounter("microstreams.effects.delivered", () => runtime.Counters().EffectsDelivered, "{effect}", "Effects delivered by the sinks");
        Meter.CreateObservableCounter("microstreams.effects.retries", () => runtime.Counters().DeliveryRetries, "{attempt}", "Failed delivery attempts that will be retried");
        Meter.CreateObservableCounter("microstreams.effects.undeliverable", () => runtime.Counters().EffectsUndeliverable, "{effect}", "Effects given up on (dead-lettered)");
        Meter.CreateObservableCounter("microstreams.deadletters.created", () => runtime.Counters().DeadLetters, "{letter}", "Dead letters written since start");
        Meter.CreateObservableCounter("microstreams.commits", () => runtime.Counters().Commits, "{commit}", "Consumer batches committed");
        Meter.CreateObservableGauge("microstreams.workers", () => runtime.Counters().Workers, "{worker}", "Workers held in memory by the consumers");
        Meter.CreateObservableGauge("microstreams.backlog", runtime.Backlog, "{event}", "Events appended but not yet applied, over all partitions");
        Meter.CreateObservableGauge("microstreams.timers.armed", runtime.ArmedTimers, "{timer}", "Timer entries armed in memory (upper bound of the timer backlog)");
        Meter.CreateObservableGauge("microstreams.partition.lag", () => runtime.PartitionLags().Select(p => new Measurement<long>(p.Lag, Tag("partition", p.Partition))), "{event}", "Events behind the head, per partition");
        Meter.CreateObservableGauge("microstreams.partition.lag.time", () => runtime.PartitionLags().Select(p => new Measurement<double>(p.LagTime.TotalSeconds, Tag("partition", p.Partition))), "s", "Age of the oldest unapplied event, per partition");
        Meter.CreateObservableGauge("microstreams.deadletters", () => runtime.DeadLetterCounts().Select(c => new Measurement<long>(c.Value, Tag("kind", c.Key.Kind), Tag("status", c.Key.Status))), "{letter}", "Dead letters stored, by kind and status");
        Meter.CreateObservableGauge("microstreams.effects", () => runtime.EffectCounts().Select(c => new Measurement<long>(c.Value, Tag("processor", c.Key.Processor), Tag("status", c.Key.Status))), "{effect}", "Effects in the outbox, by processor and status");
    }

    public Meter Meter { get; }

    public void Request(string route, int status) => _requests.Add(1, Tag("route", route), Tag("status", status));

    public void Ingested(int appended, int duplicates)
    {
        _ingested.Add(appended);
        _duplicates.Add(duplicates);
    }

    public void Rejected(int events) => _rejected.Add(events);

    public void Dispose() => Meter.Dispose();

    private static Measurement<long>[] Outcomes(RuntimeCounters counters) =>
    [
        new(counters.Applied, Tag("outcome", "applied")),
        new(counters.NotActivated, Tag("outcome", "not_activated")),
        new(counters.IgnoredRetired, Tag("outcome", "ignored_retired")),
        new(counters.Failed, Tag("outcome", "failed")),
        new(counters.Parked, Tag("outcome", "parked")),
    ];

    private static KeyValuePair<string, object?> Tag(string name, object value) => new(name, value switch
    {
        DeadLetterKind kind => kind.ToString(),
        DeadLetterStatus status => status.ToString(),
        EffectStatus status => status.ToString(),
        int number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    });
}
