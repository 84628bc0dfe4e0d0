using MicroStreams.Events;
using MicroStreams.Routing;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// A bench corpus with each batch already split by log partition (the hash of each event's routing key, as MicroStreams
/// partitions it), done before timing: a producer of a real peer knows its user, so it pays no parse to pick a stream.
/// </summary>
public sealed class PeerCorpus
{
    private PeerCorpus(ReadOnlyMemory<byte>[][][] batches, long count, int partitions)
    {
        Batches = batches;
        Count = count;
        Partitions = partitions;
    }

    /// <summary>Per batch, per partition, the events in corpus order.</summary>
    public ReadOnlyMemory<byte>[][][] Batches { get; }

    public long Count { get; }

    public int Partitions { get; }

    public static PeerCorpus From(BenchCorpus corpus, int partitions)
    {
        var batches = corpus.Batches.Select(batch =>
        {
            var split = Enumerable.Range(0, partitions).Select(_ => new List<ReadOnlyMemory<byte>>()).ToArray();
            foreach (var bytes in batch)
            {
                var read = CloudEventReader.Read(bytes, default, default);
                var key = read.IsValid ? read.Event.RoutingKey : string.Empty;
                split[Partitioner.PartitionOf(key, partitions)].Add(bytes);
            }

            return split.Select(s => s.ToArray()).ToArray();
        }).ToArray();
        return new PeerCorpus(batches, corpus.Count, partitions);
    }
}
