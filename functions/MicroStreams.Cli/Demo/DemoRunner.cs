using System.Diagnostics;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Cli.Infrastructure;
using MicroStreams.Effects;
using MicroStreams.Embedded.Effects;
using MicroStreams.Examples;
using MicroStreams.Examples.Embedded;
using MicroStreams.Examples.Embedded.Tenants;
using MicroStreams.Examples.Push;
using MicroStreams.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace MicroStreams.Cli.Demo;

/// <summary>
/// Drives the embedded runtime through the simulated product: for every clock step (a few simulated hours) it
/// ingests that period's events in batches, moves the manual clock to the end of the period and drains
/// (processing, timers, deliveries).
/// </summary>
public sealed class DemoRunner(DemoScenario scenario, string dataPath, Durability durability)
{
    private const int BatchSize = 1_000;

    public async Task<DemoReport> RunAsync(ProgressContext? progress, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var cpuBefore = Infrastructure.ProcessStats.CpuTime();
        await using var receiver = await WebhookReceiver.StartAsync(cancellationToken);
        var destinations = DemoScenario.Tenants.ToDictionary(
            t => t,
            t => (IReadOnlyList<Destination>)[new Destination($"{t}-webhook", receiver.UrlOf(t), [EventTypes.SaleComplete, EventTypes.UserCreated])
            {
                // Six-hour batches keep the HTTP traffic to thousands of requests; a day of retrying before a batch is given up.
                MaxBatchSize = 500,
                FlushInterval = TimeSpan.FromHours(6),
                MaxAge = TimeSpan.FromDays(1),
            }],
            StringComparer.Ordinal);
        var clock = new ManualTimeProvider(DemoScenario.Start);
        var emailsPath = Path.Combine(dataPath, "emails.jsonl");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(10) };
        using var emails = new FileSink(ExampleRegistration.EmailChannel, emailsPath);
        var emailSink = new TimedSink(emails);
        var webhookSink = new TimedSink(new WebhookSender(http));

        // The examples as serve registers them, on the simulated clock, draining by hand, with timed senders.
        await using var host = ExampleHost.Create(new ConfigurationBuilder().Build(), examples => examples
            .UseTimeProvider(clock)
            .ConfigureRuntime(options =>
            {
                options.DataPath = dataPath;
                options.RunBackground = false;
                options.Durability = durability;
                options.DeliveryBackoffBase = TimeSpan.FromSeconds(30);
                options.DeliveryBackoffMax = TimeSpan.FromHours(2);
            })
            .AddEffectChannel(ExampleRegistration.EmailChannel, _ => emailSink)
            .AddEffectChannel(WebhookSender.ChannelName, _ => webhookSink));

        // The demo's tenants live in the tenant store in state.db, as serve's do; written on every run, because the
        // receiver's port is new each time, and before the runtime opens, because push subscribes to what is stored.
        var tenantStore = host.Services.GetRequiredService<SqliteTenantStore>();
        foreach (var (tenant, list) in destinations)
        {
            await tenantStore.PutAsync(tenant, list, clock.GetUtcNow(), cancellationToken);
        }

        var generator = new DemoEventGenerator(scenario);
        var ingested = 0L;
        var malformed = 0;
        var poison = 0;
        var dayTask = progress?.AddTask("simulated days", maxValue: scenario.Days);
        var generating = new Stopwatch();
        var ingesting = new Stopwatch();
        var draining = new Stopwatch();
        await using (var runtime = host.Runtime)
        {
            for (var day = 0; day < scenario.Days; day++)
            {
                generating.Start();
                var events = generator.Day(day);
                var raw = generator.MalformedOn(day);
                generating.Stop();
                var next = 0;
                var dayStart = DemoScenario.Start.AddDays(day);
                for (var stepEnd = dayStart + scenario.Step; stepEnd <= dayStart.AddDays(1); stepEnd += scenario.Step)
                {
                    var batch = new List<ReadOnlyMemory<byte>>(BatchSize);
                    ingesting.Start();
                    while (next < events.Count && events[next].Time < stepEnd)
                    {
                        poison += events[next].Poison ? 1 : 0;
                        batch.Add(events[next++].Bytes);
                        if (batch.Count == BatchSize)
                        {
                            ingested += await IngestAsync(runtime, batch, cancellationToken);
                        }
                    }

                    ingested += await IngestAsync(runtime, batch, cancellationToken);
                    if (stepEnd - scenario.Step <= dayStart.AddHours(13) && dayStart.AddHours(13) < stepEnd)
                    {
                        foreach (var (key, bytes) in raw)
                        {
                            await runtime.AppendRawAsync(key, bytes, cancellationToken);
                            malformed++;
                        }
                    }

                    ingesting.Stop();
                    receiver.SetDown(scenario.IsOutage(clock.GetUtcNow()) ? DemoScenario.FailingTenant : null);
                    clock.SetUtcNow(stepEnd);
                    draining.Start();
                    await runtime.DrainAsync(cancellationToken);
                    draining.Stop();
                }

                if (dayTask is not null)
                {
                    var counters = runtime.Counters();
                    dayTask.Description = $"day {day + 1,2}/{scenario.Days} · {counters.Events:N0} events · {counters.EffectsDelivered:N0} effects delivered";
                    dayTask.Increment(1);
                }
            }

            receiver.SetDown(null);
            var processingTime = wall.Elapsed;
            var cpu = Infrastructure.ProcessStats.CpuTime() - cpuBefore;
            return new DemoReport(
                scenario,
                ingested,
                malformed,
                poison,
                processingTime,
                cpu,
                new TimeSplit(generating.Elapsed, ingesting.Elapsed, draining.Elapsed, emailSink.Elapsed, webhookSink.Elapsed),
                runtime.Counters(),
                await runtime.CountWorkersAsync(cancellationToken),
                CountDeadLetters(runtime),
                EmailLog.Read(emailsPath),
                DemoScenario.Tenants.ToDictionary(t => t, receiver.StatsOf, StringComparer.Ordinal),
                Infrastructure.ProcessStats.PeakRssBytes());
        }
    }

    private static async Task<long> IngestAsync(EmbeddedRuntime runtime, List<ReadOnlyMemory<byte>> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var result = await runtime.IngestAsync(batch, cancellationToken);
        if (!result.Accepted)
        {
            var (index, rejection) = result.Rejections[0];
            throw new InvalidOperationException($"the generator produced an invalid event #{index}: {rejection}");
        }

        batch.Clear();
        return result.Receipt!.Appended;
    }

    /// <summary>Pending dead letters per kind, with the newest of each as a sample of its reason.</summary>
    private static Dictionary<DeadLetterKind, (long Count, DeadLetter Sample)> CountDeadLetters(EmbeddedRuntime runtime)
    {
        var counts = new Dictionary<DeadLetterKind, (long, DeadLetter)>();
        foreach (var group in runtime.DeadLetterCounts().GroupBy(kv => kv.Key.Kind))
        {
            var sample = runtime.DeadLetters(new DeadLetterQuery { Kind = group.Key, Limit = 1 });
            if (sample.Count > 0)
            {
                counts[group.Key] = (group.Sum(kv => kv.Value), sample[0]);
            }
        }

        return counts;
    }
}
