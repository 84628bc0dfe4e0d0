using MicroStreams.Archive;
using MicroStreams.Embedded.Log;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// Writes the retained log in the archive format shared with the Functions app (<see cref="ArchivePaths"/>,
/// <see cref="ArchiveEncoder"/>): per partition and UTC hour of the append time, one gzip member per read batch.
/// Records that are not JSON objects are left out, as the Functions archive does (they are in the dead-letter store).
/// </summary>
internal static class LogExport
{
    private const int BatchEvents = 65_536;

    public static ExportSummary Write(EventLog log, string root, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        long records = 0, files = 0, bytes = 0;
        var batch = new List<LogRecord>(BatchEvents);
        using var reader = log.OpenReader();
        for (var partition = 0; partition < log.Partitions; partition++)
        {
            var head = log.Head(partition);
            var after = 0L;
            FileStream? file = null;
            var fileHour = DateTimeOffset.MinValue;
            try
            {
                while (after < head)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    batch.Clear();
                    reader.Read(partition, after, BatchEvents, batch);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    foreach (var hour in batch.Where(r => r.Sequence <= head).GroupBy(r => ArchivePaths.HourOf(r.AppendedAt)))
                    {
                        var group = hour.ToList();
                        if (file is null || hour.Key != fileHour)
                        {
                            bytes += file?.Length ?? 0;
                            file?.Dispose();
                            var path = Path.Combine(root, ArchivePaths.PathFor(partition, hour.Key, group[0].Sequence));
                            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                            file = new FileStream(path, FileMode.Create, FileAccess.Write);
                            fileHour = hour.Key;
                            files++;
                        }

                        file.Write(ArchiveEncoder.EncodeMember(group.Select(r => new ArchiveRecord(r.Partition, r.Sequence, r.AppendedAt, r.Bytes))));
                        records += group.Count;
                    }

                    after = batch[^1].Sequence;
                }
            }
            finally
            {
                bytes += file?.Length ?? 0;
                file?.Dispose();
            }
        }

        return new ExportSummary(root, records, files, bytes);
    }
}

/// <summary>What an export wrote: records read from the log (non-JSON ones are read but left out), files and compressed bytes.</summary>
public sealed record ExportSummary(string Path, long Records, long Files, long Bytes);
