using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace MicroStreams.Archive;

/// <summary>
/// Encodes records as archive lines: each line is the structured CloudEvent JSON as appended, with three extension
/// attributes added at the end so a reader knows the position without the broker: <c>logpartition</c>,
/// <c>logsequence</c> and <c>logtime</c> (enqueued time, RFC 3339). Each append is one gzip member; a file is the
/// concatenation of members, which is itself a valid gzip file (RFC 1952 §2.2). Records that are not JSON objects
/// are left out (they are in the dead-letter store). Readers skip any line whose <c>logsequence</c> is not greater than
/// the last one they read from that partition, which makes a redelivered append harmless.
/// </summary>
public static class ArchiveEncoder
{
    public static byte[] EncodeMember(IEnumerable<ArchiveRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var record in records)
            {
                if (Line(record) is { } line)
                {
                    gzip.Write(line);
                    gzip.WriteByte((byte)'\n');
                }
            }
        }

        return output.ToArray();
    }

    /// <summary>The archive line for <paramref name="record"/> (without the newline), or null when its body is not a JSON object.</summary>
    public static byte[]? Line(ArchiveRecord record)
    {
        
        var body = record.Body.Span.TrimEnd(" \t\r\n"u8);
        if (body.IsEmpty || body[^1] != (byte)'}' || !IsJsonObject(record.Body))
        {
            return null;
        }

        var suffix = string.Create(CultureInfo.InvariantCulture,
            $"\"logpartition\":{record.Partition},\"logsequence\":{record.Sequence},\"logtime\":\"{record.EnqueuedTime.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}\"}}");
        var open = body[..^1].TrimEnd(" \t\r\n"u8);
        var separator = open.Length > 0 && open[^1] == (byte)'{' ? string.Empty : ",";
        var tail = Encoding.UTF8.GetBytes(separator + suffix);
        var line = new byte[open.Length + tail.Length];
        open.CopyTo(line);
        tail.CopyTo(line, open.Length);
        return line;
    }

    private static bool IsJsonObject(ReadOnlyMemory<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body.Span);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
