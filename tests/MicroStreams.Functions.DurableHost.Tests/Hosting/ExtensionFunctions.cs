using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Timers;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;

namespace MicroStreams.Functions.DurableHost.Tests.Hosting;

/// <summary>
/// The app's Durable functions as the Functions host indexes them for an isolated worker: the same names and trigger
/// kinds as the <c>[Function]</c> methods in <c>MicroStreams.Functions.Bindings</c>, each typed <c>string</c> because
/// in its out-of-proc mode the extension hands the trigger a base64 protobuf request (orchestrations, entities) or the
/// raw JSON input (activities) and takes the function's return value as the answer. Every body calls the app's own
/// function code through the worker's entry points (<see cref="IsolatedWorker"/>): this class is the gRPC channel
/// between host and worker that a Functions host would provide, nothing of the app's logic.
/// </summary>
public sealed class ExtensionFunctions
{
    private readonly IsolatedWorker _worker;

    internal ExtensionFunctions(IsolatedWorker worker) => _worker = worker;

    [FunctionName(RouteHandler.ApplyBatchOrchestrationName)]
    public string ApplyBatch([OrchestrationTrigger] string request) => _worker.Orchestrate<ApplyBatchInput, ApplyBatchResult>(request, RouteFunction.ApplyBatch);

    [FunctionName(nameof(EffectFunctions.DeliverEffect))]
    public string DeliverEffect([OrchestrationTrigger] string request) => _worker.Orchestrate<EffectMessage, DeliveryResult>(request, EffectFunctions.DeliverEffect);

    [FunctionName(nameof(ProjectionWriteFunctions.WriteProjectionRows))]
    public string WriteProjectionRows([OrchestrationTrigger] string request) => _worker.Orchestrate<ProjectionWriteRequest>(request, ProjectionWriteFunctions.WriteProjectionRows);

    [FunctionName(nameof(DeadLetterFunctions.RecordDeadLetters))]
    public string RecordDeadLetters([OrchestrationTrigger] string request) => _worker.Orchestrate<List<DeadLetterDocument>>(request, DeadLetterFunctions.RecordDeadLetters);

    [FunctionName(BlobDeadLetterDesk.RedriveOrchestrationName)]
    public string Redrive([OrchestrationTrigger] string request) => _worker.Orchestrate<RedriveInput, RedriveResult>(request, DeadLetterFunctions.Redrive);

    [FunctionName(PartitionClockEntity.CheckIdleOrchestration)]
    public string CheckPartitionIdle([OrchestrationTrigger] string request) => _worker.Orchestrate<int>(request, PartitionClockFunctions.CheckPartitionIdle);

    [FunctionName(EntityKeys.EntityName)]
    public Task<string> ProcessorEntity([EntityTrigger] string request) => _worker.DispatchAsync<ProcessorEntity>(request);

    [FunctionName(PartitionClockKeys.EntityName)]
    public Task<string> PartitionClock([EntityTrigger] string request) => _worker.DispatchAsync<PartitionClockEntity>(request);

    [FunctionName(nameof(DeadLetterFunctions.WriteDeadLetters))]
    public Task<object?> WriteDeadLetters([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        IsolatedWorker.ActivityAsync<List<DeadLetterDocument>>(input, letters => _worker.Create<DeadLetterFunctions>().WriteDeadLetters(letters, cancellationToken));

    [FunctionName(nameof(DeadLetterFunctions.LoadDeadLetters))]
    public Task<object?> LoadDeadLetters([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        IsolatedWorker.ActivityAsync<List<string>, List<DeadLetterDocument>>(input, ids => _worker.Create<DeadLetterFunctions>().LoadDeadLetters(ids, cancellationToken));

    [FunctionName(nameof(ProjectionWriteFunctions.WriteProjections))]
    public Task<object?> WriteProjections([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        IsolatedWorker.ActivityAsync<ProjectionWriteRequest>(input, request => _worker.Create<ProjectionWriteFunctions>().WriteProjections(request, cancellationToken));

    [FunctionName(nameof(EffectFunctions.SendEffect))]
    public Task<object?> SendEffect([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        IsolatedWorker.ActivityAsync<EffectMessage, DeliveryResult>(input, effect => _worker.Create<EffectFunctions>().SendEffect(effect, cancellationToken));

    /// <summary>
    /// <c>PartitionClockFunctions.ReadPartitionEnd</c> asks Event Hubs for the partition's last enqueued sequence; no
    /// Event Hubs runs here, so this answers the same question from what the test appended (<see cref="IsolatedWorker.PartitionEnds"/>).
    /// </summary>
    [FunctionName(nameof(PartitionClockFunctions.ReadPartitionEnd))]
    public Task<object?> ReadPartitionEnd([ActivityTrigger] string input) =>
        IsolatedWorker.ActivityAsync<int, ClockAdvance>(input, partition =>
            Task.FromResult(new ClockAdvance(_worker.Get<TimeProvider>().GetUtcNow(), _worker.PartitionEnds.TryGetValue(partition, out var last) ? last : -1)));

    /// <summary>The <c>[DurableClient]</c> binding as the worker receives it: JSON naming the extension's local gRPC endpoint.</summary>
    [NoAutomaticTrigger]
    public void ClientEndpoint([DurableClient] string client) => ClientJson = client;

    internal string? ClientJson { get; private set; }
}
