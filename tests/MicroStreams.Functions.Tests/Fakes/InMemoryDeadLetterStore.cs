using System.Runtime.CompilerServices;
using MicroStreams.Functions.DeadLetters;

namespace MicroStreams.Functions.Tests.Fakes;

/// <summary>The in-memory adapter of the dead-letter port, with the same overwrite-by-id semantics as the blob store.</summary>
public sealed class InMemoryDeadLetterStore : IDeadLetterStore
{
    private readonly SortedDictionary<string, DeadLetterDocument> _documents = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public IReadOnlyCollection<DeadLetterDocument> All => _documents.Values;

    public Task WriteAsync(IReadOnlyCollection<DeadLetterDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            _documents[document.Id] = document;
            Writes++;
        }

        return Task.CompletedTask;
    }

    public Task<DeadLetterDocument?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_documents.GetValueOrDefault(id));

    public async IAsyncEnumerable<DeadLetterDocument> ListAsync(string? idPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var document in _documents.Values.ToList())
        {
            if (idPrefix is null || document.Id.StartsWith(idPrefix, StringComparison.Ordinal))
            {
                await Task.Yield();
                yield return document;
            }
        }
    }
}
