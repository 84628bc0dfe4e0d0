using System.Text;

namespace MicroStreams.Routing;

/// <summary>
/// Maps a routing key to a log partition: FNV-1a (32-bit) over the key's UTF-8 bytes, modulo the partition count.
/// Hand-written (a dozen lines) because it must be stable across processes and versions, which
/// <see cref="string.GetHashCode()"/> is not, and System.IO.Hashing would be a package for one function.
/// </summary>
public static class Partitioner
{
    public static int PartitionOf(string routingKey, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        var byteCount = Encoding.UTF8.GetByteCount(routingKey);
        Span<byte> bytes = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(routingKey, bytes);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
