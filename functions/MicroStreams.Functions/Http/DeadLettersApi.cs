using System.Globalization;
using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Http;

/// <summary>Dead letters: list with filters and paging, read one, redrive one or a filtered set, discard.</summary>
public sealed class DeadLettersApi(IDeadLetterStore store, TimeProvider time)
{
    public const string RedriveOrchestrationName = "Redrive";
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        var limit = DefaultPageSize;
        if (query.TryGetValue("limit", out var rawLimit) && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return Problems.BadRequest($"'{rawLimit}' is not a page size between 1 and {MaxPageSize}", "limit");
        }

        if (!TryParseFilter(query, out var filter, out var error, out var field))
        {
            return Problems.BadRequest(error, field);
        }

        string? after = query.TryGetValue("after", out var cursor) ? cursor.ToString() : null;
        var items = new List<DeadLetterDocument>(limit);
        await foreach (var letter in store.ListAsync(filter.IdPrefix, cancellationToken))
        {
            if ((after is null || string.CompareOrdinal(letter.Id, after) > 0) && filter.Matches(letter))
            {
                items.Add(letter);
                if (items.Count == limit)
                {
                    break;
                }
            }
        }

        return new OkObjectResult(new { items = items.Select(DeadLetterViews.Summary), next = items.Count == limit ? NextPage(query, items[^1].Id) : null });
    }

    public async Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } letter ? new OkObjectResult(DeadLetterViews.Detail(letter)) : Problems.NotFound($"there is no dead letter '{id}'");

    public async Task<IActionResult> RedriveOneAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await store.GetAsync(id, cancellationToken) is not { } letter)
        {
            return Problems.NotFound($"there is no dead letter '{id}'");
        }

        if (letter.Status != DeadLetterStatus.Pending)
        {
            return Problems.Conflict($"dead letter '{id}' is {letter.Status.ToString().ToLowerInvariant()}");
        }

        if (letter.ToLogEvent() is null || letter.Key is null)
        {
            return Problems.Conflict($"a {letter.Kind} record has no worker to redrive to; fix the producer and send the event again");
        }

        var instanceId = await StartAsync(client, letter.Processor!, letter.Key, [id], cancellationToken);
        return new ObjectResult(new { instanceId, redriving = 1 }) { StatusCode = StatusCodes.Status202Accepted };
    }

    /// <summary>Redrives every pending dead letter matching the filter (processor required), one orchestration per worker.</summary>
    public async Task<IActionResult> RedriveSetAsync(DurableTaskClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (!TryParseFilter(request.Query, out var filter, out var error, out var field))
        {
            return Problems.BadRequest(error, field);
        }

        if (filter.Processor is null)
        {
            return Problems.BadRequest("redriving a set needs at least ?processor=", "processor");
        }

        var byWorker = new Dictionary<(string, string), List<string>>();
        await foreach (var letter in store.ListAsync(filter.IdPrefix, cancellationToken))
        {
            if (filter.Matches(letter) && letter.Status == DeadLetterStatus.Pending && letter.Key is not null && letter.ToLogEvent() is not null)
            {
                var worker = (letter.Processor!, letter.Key);
                if (!byWorker.TryGetValue(worker, out var ids))
                {
                    byWorker[worker] = ids = [];
                }

                ids.Add(letter.Id);
            }
        }

        var started = new List<string>(byWorker.Count);
        foreach (var ((processor, key), ids) in byWorker)
        {
            started.Add(await StartAsync(client, processor, key, ids, cancellationToken));
        }

        return new ObjectResult(new { instanceIds = started, redriving = byWorker.Values.Sum(v => v.Count) }) { StatusCode = StatusCodes.Status202Accepted };
    }

    public async Task<IActionResult> DiscardAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } letter)
        {
            return Problems.NotFound($"there is no dead letter '{id}'");
        }

        if (letter.Status != DeadLetterStatus.Pending)
        {
            return Problems.Conflict($"dead letter '{id}' is {letter.Status.ToString().ToLowerInvariant()}");
        }

        var discarded = letter with { Status = DeadLetterStatus.Discarded, UpdatedAt = time.GetUtcNow() };
        await store.WriteAsync([discarded], cancellationToken);
        return new OkObjectResult(DeadLetterViews.Discarded(discarded));
    }

    private async Task<string> StartAsync(DurableTaskClient client, string processor, string key, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIds.Redrive(processor, key, time.GetUtcNow());
        await client.ScheduleNewOrchestrationInstanceAsync(RedriveOrchestrationName, new RedriveInput(processor, key, ids), new StartOrchestrationOptions(instanceId), cancellationToken);
        return instanceId;
    }

    /// <summary>The next page as a link with the same filters (the embedded host's <c>next</c> is a link too; its cursor is <c>before</c>, here <c>after</c>).</summary>
    private static string NextPage(IQueryCollection query, string lastId) =>
        "/api/deadletters?" + string.Join('&', query.Where(q => q.Key is not ("after" or "code"))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"after={Uri.EscapeDataString(lastId)}"));

    private static bool TryParseFilter(IQueryCollection query, out DeadLetterFilter filter, out string error, out string field)
    {
        filter = new DeadLetterFilter();
        error = string.Empty;
        field = "$";
        if (query.TryGetValue("kind", out var kind))
        {
            if (!Enum.TryParse<DeadLetterKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                (error, field) = ($"'{kind}' is not a kind: {string.Join(", ", Enum.GetNames<DeadLetterKind>())}", "kind");
                return false;
            }

            filter = filter with { Kind = parsed };
        }

        if (query.TryGetValue("status", out var status))
        {
            if (!Enum.TryParse<DeadLetterStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                (error, field) = ($"'{status}' is not a status: {string.Join(", ", Enum.GetNames<DeadLetterStatus>())}", "status");
                return false;
            }

            filter = filter with { Status = parsed };
        }

        if (query.TryGetValue("partition", out var partition))
        {
            if (!int.TryParse(partition, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                (error, field) = ("partition must be a non-negative integer", "partition");
                return false;
            }

            filter = filter with { Partition = p };
        }

        filter = filter with
        {
            Processor = query.TryGetValue("processor", out var processor) ? processor.ToString() : null,
            Key = query.TryGetValue("key", out var key) ? key.ToString() : null,
        };
        return true;
    }
}
