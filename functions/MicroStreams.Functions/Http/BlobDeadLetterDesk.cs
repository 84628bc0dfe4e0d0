using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Http;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Http.Inspection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace MicroStreams.Functions.Http;

/// <summary>
/// The dead-letter port over the blob store: ids are blob names, pages follow the id order (the cursor is <c>after</c>),
/// and a redrive starts a Redrive orchestration per worker (202) that re-applies its letters in order.
/// </summary>
public sealed class BlobDeadLetterDesk(IDeadLetterStore store, DurableTaskClient client, TimeProvider time) : IDeadLetterDesk
{
    public const string RedriveOrchestrationName = "Redrive";
    public const int DefaultPageSize = 50;

    public string CursorParameter => "after";

    public async Task<Outcome<DeadLetterListing>> ListAsync(DeadLetterSelection selection, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var size = limit ?? DefaultPageSize;
        var filter = Filter(selection);
        var items = new List<DeadLetterItem>(size);
        await foreach (var letter in store.ListAsync(filter.IdPrefix, cancellationToken))
        {
            if ((cursor is null || string.CompareOrdinal(letter.Id, cursor) > 0) && filter.Matches(letter))
            {
                items.Add(Item(letter));
                if (items.Count == size)
                {
                    break;
                }
            }
        }

        return new DeadLetterListing(items, items.Count == size ? items[^1].Id.Value : null);
    }

    public async Task<DeadLetterItemDetail?> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } letter ? Detail(letter) : null;

    public async Task<Outcome<RedriveReport>> RedriveOneAsync(string id, CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(id, cancellationToken);
        if (pending.Value is not { } letter)
        {
            return pending.Refusal!;
        }

        if (letter.ToLogEvent() is null || letter.Key is null)
        {
            return Refusal.Conflict($"a {letter.Kind} record has no worker to redrive to; fix the producer and send the event again");
        }

        return new RedriveStarted(1) { InstanceId = await StartAsync(letter.Processor!, letter.Key, [id], cancellationToken) };
    }

    /// <summary>Redrives every pending dead letter matching the selection (processor required), one orchestration per worker.</summary>
    public async Task<Outcome<RedriveReport>> RedriveSetAsync(DeadLetterSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Processor is null)
        {
            return Refusal.Invalid("redriving a set needs at least ?processor=", "processor");
        }

        var filter = Filter(selection);
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
            started.Add(await StartAsync(processor, key, ids, cancellationToken));
        }

        return new RedriveStarted(byWorker.Values.Sum(v => v.Count)) { InstanceIds = started };
    }

    public async Task<Outcome<DeadLetterDiscard>> DiscardAsync(string id, CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(id, cancellationToken);
        if (pending.Value is not { } letter)
        {
            return pending.Refusal!;
        }

        var discarded = letter with { Status = DeadLetterStatus.Discarded, UpdatedAt = time.GetUtcNow() };
        await store.WriteAsync([discarded], cancellationToken);
        return new DeadLetterDiscard(DeadLetterId.Of(discarded.Id), discarded.Status);
    }

    private async Task<Outcome<DeadLetterDocument>> PendingAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) switch
        {
            null => Refusal.NotFound($"there is no dead letter '{id}'"),
            { Status: not DeadLetterStatus.Pending } letter => Refusal.Conflict($"dead letter '{id}' is {letter.Status.ToString().ToLowerInvariant()}"),
            { } letter => letter,
        };

    private async Task<string> StartAsync(string processor, string key, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIds.Redrive(processor, key, time.GetUtcNow());
        await client.ScheduleNewOrchestrationInstanceAsync(RedriveOrchestrationName, new RedriveInput(processor, key, ids), new StartOrchestrationOptions(instanceId), cancellationToken);
        return instanceId;
    }

    private static DeadLetterFilter Filter(DeadLetterSelection selection) => new()
    {
        Processor = selection.Processor,
        Key = selection.Key,
        Kind = selection.Kind,
        Status = selection.Status,
        Partition = selection.Partition,
    };

    private static DeadLetterItem Item(DeadLetterDocument letter) =>
        new(DeadLetterId.Of(letter.Id), letter.Kind, letter.Status, letter.Partition, letter.Sequence, letter.Processor, letter.Key,
            letter.EventId, letter.EventType, letter.Reason, letter.Attempts, letter.CreatedAt);

    private static DeadLetterItemDetail Detail(DeadLetterDocument letter) =>
        new(DeadLetterId.Of(letter.Id), letter.Kind, letter.Status, letter.Partition, letter.Sequence, letter.Processor, letter.Key,
            letter.EventId, letter.EventType, letter.Reason, letter.Attempts, letter.CreatedAt, Raw(letter))
        {
            Offset = letter.Offset,
            EnqueuedTime = letter.EnqueuedTime,
            EffectId = letter.EffectId,
            TimerName = letter.TimerName,
            UpdatedAt = letter.UpdatedAt,
            RedriveInstanceId = letter.RedriveInstanceId,
        };

    /// <summary>The stored record (text or base64); null for letters that hold no event.</summary>
    private static System.Text.Json.JsonElement? Raw(DeadLetterDocument letter) =>
        letter.Event is { } text ? StoredJson.Show(text) : letter.EventBase64 is { } base64 ? StoredJson.Show(Convert.FromBase64String(base64)) : null;
}
