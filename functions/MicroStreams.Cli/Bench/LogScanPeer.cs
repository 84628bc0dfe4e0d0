using MicroStreams.Embedded.Log;
using MicroStreams.Events;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// W4's peers: the same log segments read the way a replay reads them (one partition per core, 64k-record batches),
/// without applying anything, so the replay's rate can be set against the rate of merely reading its input. With
/// <c>parse</c>, every record also goes through the CloudEvent reader, as the live consumer parses it.
/// </summary>
public static class LogScanPeer
{
    private const int BatchRecords = 65_536;

    /// <summary>Reads every retained record of <paramref name="log"/>; returns how many there were.</summary>
    public static async Task<long> ScanAsync(EventLog log, bool parse, CancellationToken cancellationToken)
    {
        long records = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, log.Partitions), options, (partition, _) =>
        {
            Interlocked.Add(ref records, ScanPartition(log, partition, parse));
            return ValueTask.CompletedTask;
        });
        return records;
    }

    private static long ScanPartition(EventLog log, int partition, bool parse)
    {
        using var reader = log.OpenReader();
        var batch = new List<LogRecord>(BatchRecords);
        long read = 0, valid = 0, after = 0;
        while (true)
        {
            batch.Clear();
            reader.Read(partition, after, BatchRecords, batch);
            if (batch.Count == 0)
            {
                return parse ? valid : read;
            }

            foreach (var record in batch)
            {
                if (parse && record.ReadEvent().IsValid)
                {
                    valid++;
                }
            }

            read += batch.Count;
            after = batch[^1].Sequence;
        }
    }
}
