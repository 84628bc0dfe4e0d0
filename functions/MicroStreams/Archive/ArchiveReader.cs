using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace MicroStreams.Archive;

/// <summary>
/// Reads an archive folder (the layout of <see cref="ArchivePaths"/>) back into records, one partition at a time, in
/// position order: files sort by name within a partition, and a line whose <c>logsequence</c> is not greater than the
/// last one read is skipped, so a redelivered append is read once.
/// </summary>
public static class ArchiveReader
{
    /// <summary>The partitions the archive under <paramref name="root"/> holds.</summary>
    public static IReadOnlyList<int> Partitions(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(root, "partition=*")
            .Select(d => int.TryParse(Path.GetFileName(d).AsSpan("partition=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1)
            .Where(p => p >= 0)
            .Order()];
    }

    /// <summary>The records of <paramref name="partition"/> after <paramref name="afterSequence"/>, in order.</summary>
    public static IEnumerable<ArchiveRecord> Read(string root, int partition, long afterSequence = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var folder = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"partition={partition}"));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(folder, "*" + ArchivePaths.Extension, SearchOption.AllDirectories)
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ThenBy(f => f, StringComparer.Ordinal);
        var last = afterSequence;
        foreach (var file in files)
        {
            using var content = new MemoryStream();
            using (var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress))
            {
                gzip.CopyTo(content);
            }

            var bytes = content.GetBuffer().AsMemory(0, (int)content.Length);
            var start = 0;
            while (start < bytes.Length)
            {
                var end = bytes.Span[start..].IndexOf((byte)'\n');
                var line = end < 0 ? bytes[start..] : bytes.Slice(start, end);
                start = end < 0 ? bytes.Length : start + end + 1;
                if (line.IsEmpty || !TryReadPosition(line.Span, out var sequence, out var time) || sequence <= last)
                {
                    continue;
                }

                last = sequence;
                yield return new ArchiveRecord(partition, sequence, time, line.ToArray());
            }
        }
    }

    /// <summary>Reads the <c>logsequence</c> and <c>logtime</c> extension attributes of an archive line.</summary>
    public static bool TryReadPosition(ReadOnlySpan<byte> line, out long sequence, out DateTimeOffset time)
    {
        sequence = 0;
        time = default;
        var found = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("logsequence"u8))
                {
                    reader.Read();
                    sequence = reader.GetInt64();
                    found |= 1;
                }
                else if (reader.ValueTextEquals("logtime"u8))
                {
                    reader.Read();
                    time = reader.GetDateTimeOffset();
                    found |= 2;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }

        return found == 3;
    }
}
