using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MicroStreams.Functions.DeadLetters;

/// <summary>Dead letters as one JSON blob per record, named <c>{id}.json</c> in the dead-letter container.</summary>
public sealed class BlobDeadLetterStore(BlobContainerClient container) : IDeadLetterStore
{
    private const string Suffix = ".json";
    private int _created;

    public async Task WriteAsync(IReadOnlyCollection<DeadLetterDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return;
        }

        await EnsureContainerAsync(cancellationToken);
        foreach (var document in documents)
        {
            await container.GetBlobClient(document.Id + Suffix).UploadAsync(DeadLetterJson.Serialize(document), overwrite: true, cancellationToken);
        }
    }

    public async Task<DeadLetterDocument?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            var result = await container.GetBlobClient(id + Suffix).DownloadContentAsync(cancellationToken);
            return DeadLetterJson.Deserialize(result.Value.Content);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<DeadLetterDocument> ListAsync(string? idPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, idPrefix, cancellationToken))
        {
            if (!item.Name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            if (await GetAsync(item.Name[..^Suffix.Length], cancellationToken) is { } document)
            {
                yield return document;
            }
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref _created, 1);
        }
    }
}
