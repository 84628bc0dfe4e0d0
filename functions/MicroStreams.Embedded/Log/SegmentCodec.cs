using System.Buffers.Binary;

namespace MicroStreams.Embedded.Log;

/// <summary>
/// A segment is many records stored as one blob, length-prefixed, the way Kafka stores record batches:
/// one SQLite row per group commit and partition instead of one per event, which is what makes ingest fast.
/// </summary>
/// <remarks>
/// Bit 30 of a record's length prefix marks a record validated when it was appended (no record comes near 1 GiB, and
/// segments written before the mark existed simply have it clear).
/// </remarks>
internal static class SegmentCodec
{
    private const int ValidatedBit = 1 << 30;

    public static byte[] Encode(IReadOnlyList<SegmentRecord> records)
    {
        var size = 0;
        foreach (var record in records)
        {
            size += 4 + record.Bytes.Length;
        }

        var body = new byte[size];
        var offset = 0;
        foreach (var record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(offset), record.Bytes.Length | (record.Validated ? ValidatedBit : 0));
            record.Bytes.Span.CopyTo(body.AsSpan(offset + 4));
            offset += 4 + record.Bytes.Length;
        }

        return body;
    }

    /// <summary>Slices the records out of <paramref name="body"/> without copying them, with each one's validated mark.</summary>
    public static void Decode(ReadOnlyMemory<byte> body, Action<int, ReadOnlyMemory<byte>, bool> onRecord)
    {
        var offset = 0;
        var index = 0;
        while (offset < body.Length)
        {
            var prefix = BinaryPrimitives.ReadInt32LittleEndian(body.Span[offset..]);
            var length = prefix & ~ValidatedBit;
            if (prefix < 0 || offset + 4 + length > body.Length)
            {
                throw new InvalidDataException($"corrupt segment: record {index} claims {length} bytes at offset {offset} of {body.Length}");
            }

            onRecord(index++, body.Slice(offset + 4, length), (prefix & ValidatedBit) != 0);
            offset += 4 + length;
        }
    }
}

/// <summary>A record to encode into a segment, and whether it was validated at append.</summary>
internal readonly record struct SegmentRecord(ReadOnlyMemory<byte> Bytes, bool Validated);
