using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Workers;

namespace MicroStreams.Cli.Demo;

/// <summary>Everything the demo measured, for the summary.</summary>
public sealed record DemoReport(
    DemoScenario Scenario,
    long Ingested,
    int Malformed,
    int Poison,
    TimeSpan Elapsed,
    TimeSpan CpuTime,
    TimeSplit Split,
    RuntimeCounters Counters,
    IReadOnlyDictionary<(string Processor, WorkerStatus Status), int> Workers,
    IReadOnlyDictionary<DeadLetterKind, (long Count, DeadLetter Sample)> DeadLetters,
    EmailLog Emails,
    IReadOnlyDictionary<string, WebhookReceiver.TenantStats> Webhooks,
    long PeakRssBytes);

/// <summary>Where the demo's wall-clock time went: generating events, ingesting them (durable appends), and draining (processing, timers, delivery).</summary>
public readonly record struct TimeSplit(TimeSpan Generate, TimeSpan Ingest, TimeSpan Drain, TimeSpan InEmailSink, TimeSpan InWebhookSink);
