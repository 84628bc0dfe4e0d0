using System.Globalization;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded;
using MicroStreams.Http.Inspection;
using MicroStreams.Workers;

namespace MicroStreams.Http.DeadLetters;

/// <summary>
/// The dead-letter port over the embedded runtime: numeric ids, newest first (the cursor is <c>before</c>), and a redrive
/// carried out before the answer: a worker's letters are re-applied together and in order, and its quarantine lifted.
/// </summary>
internal sealed class RuntimeDeadLetterDesk(EmbeddedRuntime runtime) : IDeadLetterDesk
{
    public string CursorParameter => "before";

    public Task<Outcome<DeadLetterListing>> ListAsync(DeadLetterSelection selection, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var query = Query(selection);
        if (query.Refusal is { } refusal)
        {
            return Task.FromResult<Outcome<DeadLetterListing>>(refusal);
        }

        long? before = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Task.FromResult<Outcome<DeadLetterListing>>(Refusal.Invalid($"'{cursor}' is not a dead-letter id", CursorParameter));
            }

            before = id;
        }

        var filter = query.Value! with { BeforeId = before };
        if (limit is { } n)
        {
            filter = filter with { Limit = n };
        }

        var page = runtime.DeadLetters(filter);
        var next = page.Count == filter.Limit && page.Count > 0 ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult<Outcome<DeadLetterListing>>(new DeadLetterListing([.. page.Select(Item)], next));
    }

    public Task<DeadLetterItemDetail?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(Find(id) is { } letter
            ? new DeadLetterItemDetail(DeadLetterId.Of(letter.Id), letter.Kind, letter.Status, letter.Partition, letter.Sequence, letter.Processor, letter.Key,
                letter.EventId, letter.EventType, letter.Reason, letter.Attempts, letter.CreatedAt, StoredJson.Show(letter.Raw))
            : null);

    public async Task<Outcome<RedriveReport>> RedriveOneAsync(string id, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } letter)
        {
            return Refusal.NotFound($"there is no dead letter {id}");
        }

        if (letter.Status != DeadLetterStatus.Pending)
        {
            return Refusal.Conflict($"dead letter {id} is already {letter.Status.ToString().ToLowerInvariant()}");
        }

        if (letter.Processor is not { } processor || letter.Key is not { } key)
        {
            return Refusal.Conflict($"dead letter {id} is a {letter.Kind} record that reached no worker: there is nothing to re-apply it to; discard it");
        }

        // A worker's letters are re-applied together and in order: redriving one alone would break per-key order.
        var redriven = await runtime.RedriveAsync(new WorkerId(processor, key), cancellationToken);
        return new RedriveDone(1, redriven, 0);
    }

    public async Task<Outcome<RedriveReport>> RedriveSetAsync(DeadLetterSelection selection, CancellationToken cancellationToken)
    {
        var query = Query(selection);
        if (query.Value is not { } filter)
        {
            return query.Refusal!;
        }

        var summary = await runtime.RedriveWhereAsync(filter, cancellationToken);
        return new RedriveDone(summary.Workers, summary.Redriven, summary.Skipped);
    }

    public Task<Outcome<DeadLetterDiscard>> DiscardAsync(string id, CancellationToken cancellationToken)
    {
        Outcome<DeadLetterDiscard> outcome = Find(id) switch
        {
            null => Refusal.NotFound($"there is no dead letter {id}"),
            { } letter when !runtime.DiscardDeadLetter(letter.Id) => Refusal.Conflict($"dead letter {id} is already {letter.Status.ToString().ToLowerInvariant()}"),
            { } letter => new DeadLetterDiscard(DeadLetterId.Of(letter.Id), DeadLetterStatus.Discarded),
        };
        return Task.FromResult(outcome);
    }

    public static DeadLetterItem Item(DeadLetter letter) =>
        new(DeadLetterId.Of(letter.Id), letter.Kind, letter.Status, letter.Partition, letter.Sequence, letter.Processor, letter.Key,
            letter.EventId, letter.EventType, letter.Reason, letter.Attempts, letter.CreatedAt);

    private DeadLetter? Find(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? runtime.FindDeadLetter(number) : null;

    /// <summary>The store pages by id over all partitions: a partition filter would have to skip rows, so it is refused here.</summary>
    private static Outcome<DeadLetterQuery> Query(DeadLetterSelection selection) =>
        selection.Partition is not null
            ? Refusal.Invalid("this host does not filter dead letters by partition", "partition")
            : new DeadLetterQuery { Processor = selection.Processor, Key = selection.Key, Kind = selection.Kind, Status = selection.Status };
}
