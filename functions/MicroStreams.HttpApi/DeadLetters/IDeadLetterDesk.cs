namespace MicroStreams.Http.DeadLetters;

/// <summary>
/// The dead-letter port: list, read, redrive and discard a host's dead letters. Ids are the host's (a number on the
/// embedded host, a blob name on Azure); a page's cursor is the host's too, under the query parameter it names.
/// </summary>
public interface IDeadLetterDesk
{
    /// <summary>The query parameter of the next page's cursor: <c>before</c> where the newest come first, <c>after</c> where pages follow the id order.</summary>
    string CursorParameter { get; }

    /// <summary>A page of letters matching <paramref name="selection"/>; <paramref name="limit"/> null means the host's default page size.</summary>
    Task<Outcome<DeadLetterListing>> ListAsync(DeadLetterSelection selection, string? cursor, int? limit, CancellationToken cancellationToken);

    Task<DeadLetterItemDetail?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Redrives one pending letter (with its worker's other pending letters, in order, where the host keeps per-key order that way).</summary>
    Task<Outcome<RedriveReport>> RedriveOneAsync(string id, CancellationToken cancellationToken);

    /// <summary>Redrives every pending letter matching <paramref name="selection"/>.</summary>
    Task<Outcome<RedriveReport>> RedriveSetAsync(DeadLetterSelection selection, CancellationToken cancellationToken);

    Task<Outcome<DeadLetterDiscard>> DiscardAsync(string id, CancellationToken cancellationToken);
}
