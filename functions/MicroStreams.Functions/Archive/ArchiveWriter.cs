using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MicroStreams.Archive;
using MicroStreams.Functions.Events;

namespace MicroStreams.Functions.Archive;

/// <summary>
/// Appends trigger batches to the archive container: one append blob per partition and hour (see
/// <see cref="ArchivePaths"/>), one gzip member per append. The file of an hour is found by listing its folder once and
/// then remembered; a new hour starts a file named by its first sequence.
/// </summary>
public sealed class ArchiveWriter(BlobContainerClient container)
{
    private readonly ConcurrentDictionary<string, string> _fileOfFolder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _lastArchived = new();
    private int _created;

    public async Task AppendAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        if (Volatile.Read(ref _created) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref _created, 1);
        }

        var partition = records[0].Partition;
        var fresh = _lastArchived.TryGetValue(partition, out var last) ? records.Where(r => r.Sequence > last).ToList() : [.. records];
        foreach (var hour in fresh.GroupBy(r => ArchivePaths.HourOf(r.EnqueuedTime)))
        {
            var group = hour.ToList();
            var folder = ArchivePaths.Folder(partition, hour.Key);
            var name = await FileOfAsync(folder, group[0].Sequence, cancellationToken);
            var blob = container.GetAppendBlobClient(name);
            await blob.CreateIfNotExistsAsync(new BlobHttpHeaders { ContentType = "application/gzip" }, cancellationToken: cancellationToken);
            using var member = new MemoryStream(ArchiveEncoder.EncodeMember(group.Select(r => r.ToArchiveRecord())));
            await blob.AppendBlockAsync(member, cancellationToken: cancellationToken);
        }

        if (fresh.Count > 0)
        {
            _lastArchived[partition] = fresh[^1].Sequence;
        }
    }

    private async Task<string> FileOfAsync(string folder, long firstSequence, CancellationToken cancellationToken)
    {
        if (_fileOfFolder.TryGetValue(folder, out var known))
        {
            return known;
        }

        string? existing = null;
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, cancellationToken))
        {
            if (item.Name.EndsWith(ArchivePaths.Extension, StringComparison.Ordinal))
            {
                existing = item.Name;
                break;
            }
        }

        var name = existing ?? folder + ArchivePaths.FileName(firstSequence);
        _fileOfFolder[folder] = name;
        return name;
    }
}
