using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Replay;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Http.Ingest;
using MicroStreams.Http.Inspection;
using MicroStreams.Http.Replays;
using MicroStreams.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Bindings;

/// <summary>
/// The HTTP API: the shared handlers (MicroStreams.HttpApi) over this host's ports (Event Hubs, Durable entities and
/// orchestrations, the blob dead-letter store). Function-level keys (<c>x-functions-key</c> or <c>code</c>) guard reads
/// and ingest; redrive, discard and replays need the admin key. AuthorizationLevel is always explicit: the methods-only
/// constructor would leave routes anonymous (docs/azure-notes.md, "HTTP trigger authorization level").
/// </summary>
public sealed class HttpFunctions(IngestApi ingest, IEventSink events, Router router, IDeadLetterStore deadLetters, ShadowVariants shadows, TimeProvider time)
{
    [Function("PostEvents")]
    public Task<IResult> PostEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "events")] HttpRequest request, CancellationToken cancellationToken) =>
        ingest.CloudEventsAsync(request, events, cancellationToken);

    [Function("ListProcessors")]
    public Task<IResult> ListProcessorsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "processors")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InspectionApi.ProcessorsAsync(router, new DurableWorkerReader(client), cancellationToken);

    [Function("GetProcessor")]
    public Task<IResult> GetProcessorAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "processors/{name}")] HttpRequest request, string name,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InspectionApi.ProcessorAsync(router, new DurableWorkerReader(client), name, cancellationToken);

    /// <summary>The key is a catch-all segment, as in the embedded host, so keys holding '/' (custom keys) can be read.</summary>
    [Function("GetWorker")]
    public Task<IResult> GetWorkerAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "processors/{name}/workers/{*key}")] HttpRequest request,
        string name, string key, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        InspectionApi.WorkerAsync(router, new DurableWorkerReader(client), name, key, cancellationToken);

    [Function("ListDeadLetters")]
    public Task<IResult> ListDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deadletters")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DeadLetterApi.ListAsync(request, Desk(client), cancellationToken);

    [Function("GetDeadLetter")]
    public Task<IResult> GetDeadLetterAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deadletters/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DeadLetterApi.GetAsync(id, Desk(client), cancellationToken);

    [Function("RedriveDeadLetter")]
    public Task<IResult> RedriveDeadLetterAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deadletters/{id}/redrive")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DeadLetterApi.RedriveOneAsync(id, Desk(client), cancellationToken);

    [Function("RedriveDeadLetters")]
    public Task<IResult> RedriveDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deadletters/redrive")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DeadLetterApi.RedriveSetAsync(request, Desk(client), cancellationToken);

    [Function("DiscardDeadLetter")]
    public Task<IResult> DiscardDeadLetterAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "deadletters/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DeadLetterApi.DiscardAsync(id, Desk(client), cancellationToken);

    /// <summary>The embedded host's other way to discard (POST), for clients that cannot send DELETE.</summary>
    [Function("DiscardDeadLetterPost")]
    public Task<IResult> DiscardDeadLetterPostAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deadletters/{id}/discard")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        DeadLetterApi.DiscardAsync(id, Desk(client), cancellationToken);

    [Function("StartReplay")]
    public Task<IResult> StartReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "replays")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplayApi.StartAsync(request, Replays(client), cancellationToken);

    [Function("ListReplays")]
    public Task<IResult> ListReplaysAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "replays")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplayApi.ListAsync(Replays(client), cancellationToken);

    [Function("GetReplay")]
    public Task<IResult> GetReplayAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "replays/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplayApi.GetAsync(id, Replays(client), cancellationToken);

    [Function("CancelReplay")]
    public Task<IResult> CancelReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "replays/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplayApi.CancelAsync(id, Replays(client), cancellationToken);

    private BlobDeadLetterDesk Desk(DurableTaskClient client) => new(deadLetters, client, time);

    private DurableReplayRunner Replays(DurableTaskClient client) => new(client, router, shadows, time);
}
