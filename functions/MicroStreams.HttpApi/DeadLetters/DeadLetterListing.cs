namespace MicroStreams.Http.DeadLetters;

/// <summary>A page of dead letters and the cursor of the next one (null on the last page).</summary>
public sealed record DeadLetterListing(IReadOnlyList<DeadLetterItem> Items, string? NextCursor);
