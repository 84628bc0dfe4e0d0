using System.Buffers;
using System.Buffers.Binary;

namespace MicroStreams.Embedded.Log;

/// <summary>
/// A segment is many records stored as one blob, length-prefixed, the way Kafka stores record batches:
/// one SQLite row per group commit and partition instead of one per event, which is what makes ingest fast.
/// </summary>
internal static class SegmentCodec
{
    public static byte[] Encode(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var size = 0;
        foreach (var record in records)
        {
            size += 4 + record.Length;
        }

        var body = new byte[size];
        var offset = 0;
        foreach (var record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(offset), record.Length);
            record.Span.CopyTo(body.AsSpan(offset + 4));
            offset += 4 + record.Length;
        }

        return body;
    }

    /// <summary>Slices the records out of <paramref name="body"/> without copying them.</summary>
    public static void Decode(byte[] body, Action<int, ReadOnlyMemory<byte>> onRecord) => Decode(body.AsMemory(), onRecord);

    /// <summary>Slices the records out of <paramref name="body"/> without copying them.</summary>
    public static void Decode(ReadOnlyMemory<byte> body, Action<int, ReadOnlyMemory<byte>> onRecord)
    {
        var offset = 0;
        var index = 0;
        while (offset < body.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(body.Span[offset..]);
            if (length < 0 || offset + 4 + length > body.Length)
            {
                throw new InvalidDataException($"corrupt segment: record {index} claims {length} bytes at offset {offset} of {body.Length}");
            }

            onRecord(index++, body.Slice(offset + 4, length));
            offset += 4 + length;
        }
    }
}
