using System.Globalization;
using Azure.Messaging.EventHubs;
using MicroStreams.DeadLetters;
using MicroStreams.Events;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.DurableHost.Tests.Hosting;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Azurite;
using MicroStreams.Functions.Tests.Fakes;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace MicroStreams.Functions.DurableHost.Tests;

/// <summary>
/// One app on the real extension: its own task hub, dead-letter container and tables on the shared Azurite, the
/// isolated worker's composition, and a host that a test may stop and start again (the worker and storage stay).
/// Records are Event Hubs <see cref="EventData"/> on partition 0, handed to the app's <see cref="RouteHandler"/> the
/// way the Route function does, with the host's <see cref="DurableTaskClient"/>.
/// </summary>
internal sealed class BatchPathFixture : IAsyncDisposable
{
    private const string PartitionContext = "{\"PartitionId\":\"0\",\"EventHubName\":\"events\",\"ConsumerGroup\":\"router\"}";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _taskHub = AzuriteStorage.UniqueName("hub");
    private readonly string _deadLetters = AzuriteStorage.UniqueName("letters");

    private readonly string _tablePrefix = AzuriteStorage.UniqueName("t");

    private BatchPathFixture() => Worker = NewWorker();

    public IsolatedWorker Worker { get; private set; }

    public DurableExtensionHost Host { get; private set; } = null!;

    public static async Task<BatchPathFixture> StartAsync()
    {
        var fixture = new BatchPathFixture();
        await fixture.StartHostAsync();
        return fixture;
    }

    public async Task StartHostAsync() => Host = await DurableExtensionHost.StartAsync(Worker, AzuriteStorage.ConnectionString, _taskHub);

    /// <summary>Stops the host and its worker, as a Functions instance going away does, and starts both afresh on the same storage.</summary>
    public async Task RestartHostAsync()
    {
        await Host.DisposeAsync();
        Worker.Dispose();
        Worker = NewWorker();
        await StartHostAsync();
    }

    private IsolatedWorker NewWorker() => new(AzuriteStorage.ConnectionString, _deadLetters, _tablePrefix);

    /// <summary>A record as Event Hubs delivers it: a CloudEvent body, its sequence, and the time the hub enqueued it.</summary>
    public static EventData Record(long sequence, string type, string subject, DateTimeOffset enqueued, string? dataJson = null) =>
        EventHubsModelFactory.EventData(
            new BinaryData(CloudEventReader.Write($"e0-{sequence}", "test", type, subject, enqueued, dataJson)),
            sequenceNumber: sequence,
            offsetString: sequence.ToString(CultureInfo.InvariantCulture),
            enqueuedTime: enqueued);

    public static EventData Unparseable(long sequence, DateTimeOffset enqueued) =>
        EventHubsModelFactory.EventData(new BinaryData("{not a cloud event"u8.ToArray()), sequenceNumber: sequence, offsetString: sequence.ToString(CultureInfo.InvariantCulture), enqueuedTime: enqueued);

    /// <summary>The Route function's work on one trigger batch (the partition's end moves to its last record first).</summary>
    public async Task<BatchPlan> RouteAsync(params EventData[] batch)
    {
        Worker.PartitionEnds.AddOrUpdate(0, batch[^1].SequenceNumber, (_, last) => Math.Max(last, batch[^1].SequenceNumber));
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await Worker.Get<RouteHandler>().HandleAsync(batch, PartitionContext, Host.Client, timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}{Environment.NewLine}the host reported:{Environment.NewLine}{Host.Log}");
        }
    }

    public async Task<ApplyBatchResult> ResultOfAsync(BatchPlan plan)
    {
        var id = InstanceIds.ApplyBatch("events", "router", 0, plan.FirstSequence, plan.LastSequence);
        var run = await Host.Client.GetInstanceAsync(id, getInputsAndOutputs: true) ?? throw new InvalidOperationException($"no instance {id}");
        return run.ReadOutputAs<ApplyBatchResult>()!;
    }

    public async Task<ProcessorEntityState?> WorkerAsync(string key)
    {
        var entity = await Host.Client.Entities.GetEntityAsync<ProcessorEntityState>(EntityKeys.For(CounterProcessor.Name, key));
        return entity?.State;
    }

    public Task<MicroStreams.Projections.ProjectionRow?> RowAsync(string key) =>
        Worker.Get<TableProjectionStore>().GetAsync(CounterProcessor.Projection, key);

    public async Task<List<DeadLetterDocument>> DeadLettersAsync()
    {
        var letters = new List<DeadLetterDocument>();
        await foreach (var letter in Worker.Get<IDeadLetterStore>().ListAsync(null, CancellationToken.None))
        {
            letters.Add(letter);
        }

        return letters;
    }

    /// <summary>Waits for what happens after the batch returns (effects delivered, timers fired): polls until <paramref name="check"/> holds.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> check, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (check(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"{what} did not happen within {Patience}; the host reported:{Environment.NewLine}{Host.Log}");
            }

            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Worker.Dispose();
    }
}
