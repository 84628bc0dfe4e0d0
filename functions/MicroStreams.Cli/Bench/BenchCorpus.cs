using System.Globalization;
using System.Text;
using MicroStreams.Routing;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// A deterministic (seeded) set of ~200-byte CloudEvents cut into batches: every target ingests exactly the same
/// bytes, so generator cost is paid once, outside the measurement (docs/benchmark-spec.md, "Peers in the same run"). Each batch has a buffer of its
/// own, as a request body would: a reference the engine keeps to one batch (the log writer holds its last group until
/// the next append) then pins that batch, not the whole corpus, and a dropped corpus is really garbage before W2's drain.
/// </summary>
public sealed class BenchCorpus
{
    private BenchCorpus(long payloadBytes, ReadOnlyMemory<byte>[][] batches, int[][] partitions, long count)
    {
        PayloadBytes = payloadBytes;
        Batches = batches;
        Partitions = partitions;
        Count = count;
    }

    /// <summary>Batches of events, each a slice of that batch's own buffer.</summary>
    public ReadOnlyMemory<byte>[][] Batches { get; }

    /// <summary>The log partition of each event (hash of its subject), for peers that store by partition.</summary>
    public int[][] Partitions { get; }

    public long Count { get; }

    public long PayloadBytes { get; }

    /// <summary>
    /// Mixed sign-ins and sales (with a price) over <paramref name="users"/> users, uniform, seeded; numbered (ids, times)
    /// from <paramref name="first"/>, so a corpus from where another ended continues it.
    /// </summary>
    public static BenchCorpus Create(long count, int users, int batchSize, int partitionCount, int seed = 7, long first = 0)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var buffer = new MemoryStream(checked((int)Math.Min(int.MaxValue, count * 210)));
        var offsets = new List<(int Offset, int Length, int Partition)>((int)count);
        for (var i = first; i < first + count; i++)
        {
            var user = $"u-{random.Next(users):D7}";
            var time = start.AddMilliseconds(i * 5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var json = random.Next(10) < 7
                ? $"{{\"specversion\":\"1.0\",\"id\":\"b{i:D10}\",\"source\":\"/bench\",\"type\":\"user_signin\",\"subject\":\"{user}\",\"time\":\"{time}\",\"data\":{{\"email\":\"{user}@example.com\",\"tenant\":\"t{i % 5}\"}}}}"
                : $"{{\"specversion\":\"1.0\",\"id\":\"b{i:D10}\",\"source\":\"/bench\",\"type\":\"sale_complete\",\"subject\":\"{user}\",\"time\":\"{time}\",\"data\":{{\"price\":{random.Next(1, 40)}.99,\"currency\":\"USD\",\"tenant\":\"t{i % 5}\"}}}}";
            var bytes = Encoding.UTF8.GetBytes(json);
            offsets.Add(((int)buffer.Position, bytes.Length, Partitioner.PartitionOf(user, partitionCount)));
            buffer.Write(bytes);
        }

        var all = buffer.GetBuffer();
        var batches = offsets.Chunk(batchSize).Select(chunk => Cut(all, [.. chunk.Select(o => (o.Offset, o.Length))])).ToArray();
        var partitions = offsets.Chunk(batchSize).Select(chunk => chunk.Select(o => o.Partition).ToArray()).ToArray();
        return new BenchCorpus(buffer.Length, batches, partitions, count);
    }

    /// <summary>A corpus of the given events, in order.</summary>
    public static BenchCorpus FromEvents(IReadOnlyList<byte[]> events, int batchSize)
    {
        var batches = events.Chunk(batchSize).Select(chunk => chunk.Select(e => (ReadOnlyMemory<byte>)e).ToArray()).ToArray();
        return new BenchCorpus(events.Sum(e => (long)e.Length), batches, [], events.Count);
    }

    /// <summary>One <c>user_created</c> per user (so the milestone processor activates), as its own corpus.</summary>
    public static BenchCorpus Signups(int users, int batchSize)
    {
        var start = new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var buffer = new MemoryStream(users * 200);
        var offsets = new List<(int, int)>(users);
        for (var u = 0; u < users; u++)
        {
            var user = $"u-{u:D7}";
            var time = start.AddMilliseconds(u).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var bytes = Encoding.UTF8.GetBytes($"{{\"specversion\":\"1.0\",\"id\":\"s{u:D10}\",\"source\":\"/bench\",\"type\":\"user_created\",\"subject\":\"{user}\",\"time\":\"{time}\",\"data\":{{\"email\":\"{user}@example.com\",\"tenant\":\"t{u % 5}\"}}}}");
            offsets.Add(((int)buffer.Position, bytes.Length));
            buffer.Write(bytes);
        }

        var all = buffer.GetBuffer();
        var batches = offsets.Chunk(batchSize).Select(chunk => Cut(all, chunk)).ToArray();
        return new BenchCorpus(buffer.Length, batches, [], users);
    }

    /// <summary>Copies one batch's events out of the generator's buffer into a buffer of their own, and slices them.</summary>
    private static ReadOnlyMemory<byte>[] Cut(byte[] all, (int Offset, int Length)[] events)
    {
        var start = events[0].Offset;
        var end = events[^1].Offset + events[^1].Length;
        var own = all.AsSpan(start, end - start).ToArray();
        return [.. events.Select(e => (ReadOnlyMemory<byte>)own.AsMemory(e.Offset - start, e.Length))];
    }
}
