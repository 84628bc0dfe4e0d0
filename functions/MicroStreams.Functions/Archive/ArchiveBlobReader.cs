using System.Globalization;
using System.IO.Compression;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MicroStreams.Archive;

namespace MicroStreams.Functions.Archive;

/// <summary>
/// Reads the archive container the Archive function writes (<see cref="ArchivePaths"/>: one gzip file of NDJSON per
/// partition and hour, named by its first sequence) back in position order, a bounded page at a time. A page lists the
/// partition's files, starts at the last file whose first sequence could still hold a record after the position, and
/// skips any line at or below the last sequence read, which makes a redelivered append harmless.
/// </summary>
public sealed class ArchiveBlobReader(BlobContainerClient container)
{
    /// <summary>Up to <paramref name="maxRecords"/> records of <paramref name="partition"/> after <paramref name="after"/>, and whether the archive ended first.</summary>
    public async Task<(IReadOnlyList<ArchiveRecord> Records, bool End)> ReadAsync(int partition, long after, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        var files = new List<(long First, string Name)>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, string.Create(CultureInfo.InvariantCulture, $"partition={partition}/"), cancellationToken))
        {
            if (FirstSequenceOf(item.Name) is { } first)
            {
                files.Add((first, item.Name));
            }
        }

        files.Sort((a, b) => a.First != b.First ? a.First.CompareTo(b.First) : string.CompareOrdinal(a.Name, b.Name));
        var records = new List<ArchiveRecord>(Math.Min(maxRecords, 4096));
        var last = after;
        for (var i = Math.Max(0, files.FindLastIndex(f => f.First <= after + 1)); i < files.Count; i++)
        {
            var download = await container.GetBlobClient(files[i].Name).DownloadContentAsync(cancellationToken);
            foreach (var line in Lines(download.Value.Content.ToMemory()))
            {
                if (!ArchiveReader.TryReadPosition(line.Span, out var sequence, out var time) || sequence <= last)
                {
                    continue;
                }

                records.Add(new ArchiveRecord(partition, sequence, time, line));
                last = sequence;
                if (records.Count == maxRecords)
                {
                    return (records, false);
                }
            }
        }

        return (records, true);
    }

    /// <summary>The first sequence an archive file's name gives (<c>…/{first:D20}.ndjson.gz</c>), or null for other blobs.</summary>
    internal static long? FirstSequenceOf(string blobName)
    {
        if (!blobName.EndsWith(ArchivePaths.Extension, StringComparison.Ordinal))
        {
            return null;
        }

        var name = blobName[(blobName.LastIndexOf('/') + 1)..^ArchivePaths.Extension.Length];
        return long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var first) ? first : null;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Lines(ReadOnlyMemory<byte> gzip)
    {
        using var content = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(gzip.ToArray(), writable: false), CompressionMode.Decompress))
        {
            stream.CopyTo(content);
        }

        var bytes = content.GetBuffer().AsMemory(0, (int)content.Length);
        var start = 0;
        while (start < bytes.Length)
        {
            var end = bytes.Span[start..].IndexOf((byte)'\n');
            var line = end < 0 ? bytes[start..] : bytes.Slice(start, end);
            start = end < 0 ? bytes.Length : start + end + 1;
            if (!line.IsEmpty)
            {
                yield return line;
            }
        }
    }
}
