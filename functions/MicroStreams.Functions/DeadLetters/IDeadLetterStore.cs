namespace MicroStreams.Functions.DeadLetters;

/// <summary>The dead-letter store port: documents keyed by their deterministic id, listed in id order.</summary>
public interface IDeadLetterStore
{
    /// <summary>Writes (or overwrites) each document; writing the same document twice is harmless.</summary>
    Task WriteAsync(IReadOnlyCollection<DeadLetterDocument> documents, CancellationToken cancellationToken);

    Task<DeadLetterDocument?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Documents whose id starts with <paramref name="idPrefix"/>, in id order.</summary>
    IAsyncEnumerable<DeadLetterDocument> ListAsync(string? idPrefix, CancellationToken cancellationToken);
}
