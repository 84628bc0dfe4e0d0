using MicroStreams.Archive;
using MicroStreams.Embedded.Log;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>
/// History of one partition in order: an archive folder first when one is given (history the log may no longer hold),
/// then the log after the archive's last record. Reads never go past a target sequence (the live checkpoint).
/// </summary>
internal sealed class ReplaySource : IDisposable
{
    private readonly int _partition;
    private readonly LogReader _log;
    private readonly IEnumerator<ArchiveRecord>? _archive;
    private ArchiveRecord? _peeked;
    private bool _archiveDone;

    public ReplaySource(EventLog log, int partition, string? archivePath)
    {
        _partition = partition;
        _log = log.OpenReader();
        _archive = archivePath is null ? null : ArchiveReader.Read(archivePath, partition).GetEnumerator();
        _archiveDone = _archive is null;
    }

    /// <summary>Reads up to <paramref name="max"/> records after <paramref name="after"/> and at or before <paramref name="upTo"/>. The bytes are valid until the next call.</summary>
    public void Read(long after, long upTo, int max, List<LogRecord> into)
    {
        into.Clear();
        while (!_archiveDone && into.Count < max)
        {
            if (_peeked is null)
            {
                if (!_archive!.MoveNext())
                {
                    _archiveDone = true;
                    break;
                }

                _peeked = _archive.Current;
            }

            var record = _peeked.Value;
            if (record.Sequence <= after)
            {
                _peeked = null;
                continue;
            }

            if (record.Sequence > upTo)
            {
                return;
            }

            // The event as appended, without the position attributes the archive added (a processor may keep raw events).
            into.Add(new LogRecord(_partition, record.Sequence, record.EnqueuedTime, ArchiveLines.Original(record.Body.Span)));
            _peeked = null;
        }

        if (into.Count > 0)
        {
            return;
        }

        _log.Read(_partition, after, max, into);
        var keep = into.FindIndex(r => r.Sequence > upTo);
        if (keep >= 0)
        {
            into.RemoveRange(keep, into.Count - keep);
        }
    }

    /// <summary>Gives back the buffers holding the last read's records (which must no longer be used).</summary>
    public void Release() => _log.Release();

    public void Dispose()
    {
        _archive?.Dispose();
        _log.Dispose();
    }
}
