using MicroStreams.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Bindings;

/// <summary>
/// The HTTP API, the same contract as the embedded host. Function-level keys (<c>x-functions-key</c> or <c>code</c>)
/// guard reads and ingest; redrive, discard and replays need the admin key. AuthorizationLevel is always explicit:
/// the methods-only constructor would leave routes anonymous (docs/azure-notes.md, "HTTP trigger authorization level").
/// </summary>
public sealed class HttpFunctions(EventsApi events, WorkersApi workers, DeadLettersApi deadLetters, ReplaysApi replays)
{
    [Function("PostEvents")]
    public Task<IActionResult> PostEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "events")] HttpRequest request, CancellationToken cancellationToken) =>
        events.IngestAsync(request, cancellationToken);

    [Function("ListProcessors")]
    public IActionResult ListProcessors(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "processors")] HttpRequest request) =>
        workers.ListProcessors();

    [Function("GetProcessor")]
    public IActionResult GetProcessor(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "processors/{name}")] HttpRequest request, string name) =>
        workers.GetProcessor(name);

    /// <summary>The key is a catch-all segment, as in the embedded host, so keys holding '/' (custom keys) can be read.</summary>
    [Function("GetWorker")]
    public Task<IActionResult> GetWorkerAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "processors/{name}/workers/{*key}")] HttpRequest request,
        string name, string key, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        workers.GetWorkerAsync(client, name, key, cancellationToken);

    [Function("ListDeadLetters")]
    public Task<IActionResult> ListDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deadletters")] HttpRequest request, CancellationToken cancellationToken) =>
        deadLetters.ListAsync(request, cancellationToken);

    [Function("GetDeadLetter")]
    public Task<IActionResult> GetDeadLetterAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "deadletters/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        deadLetters.GetAsync(id, cancellationToken);

    [Function("RedriveDeadLetter")]
    public Task<IActionResult> RedriveDeadLetterAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deadletters/{id}/redrive")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        deadLetters.RedriveOneAsync(client, id, cancellationToken);

    [Function("RedriveDeadLetters")]
    public Task<IActionResult> RedriveDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deadletters/redrive")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        deadLetters.RedriveSetAsync(client, request, cancellationToken);

    [Function("DiscardDeadLetter")]
    public Task<IActionResult> DiscardDeadLetterAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "deadletters/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        deadLetters.DiscardAsync(id, cancellationToken);

    /// <summary>The embedded host's other way to discard (POST), for clients that cannot send DELETE.</summary>
    [Function("DiscardDeadLetterPost")]
    public Task<IActionResult> DiscardDeadLetterPostAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "deadletters/{id}/discard")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        deadLetters.DiscardAsync(id, cancellationToken);

    [Function("StartReplay")]
    public Task<IActionResult> StartReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "replays")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        replays.StartAsync(client, request, cancellationToken);

    [Function("ListReplays")]
    public static Task<IActionResult> ListReplaysAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "replays")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplaysApi.ListAsync(client, cancellationToken);

    [Function("GetReplay")]
    public static Task<IActionResult> GetReplayAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "replays/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ReplaysApi.GetAsync(client, id, cancellationToken);

    [Function("CancelReplay")]
    public Task<IActionResult> CancelReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "replays/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        replays.CancelAsync(client, id, cancellationToken);
}
