using MicroStreams.Embedded.Log;
using MicroStreams.Events;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

internal sealed partial class PartitionRebuild
{
    /// <summary>
    /// The batch watermark: the latest time of the valid events read in full, raised by the records skipped for their type
    /// if one of them is a valid event with a later time. Only the latest skipped record is read in full to check that;
    /// when it is not a valid event (rare: the log validates what producers send), every skipped record is.
    /// </summary>
    private DateTimeOffset Watermark(SkippedTimes skipped, List<LogRecord> records, DateTimeOffset read)
    {
        if (skipped.Count == 0 || skipped.Latest <= read)
        {
            return read;
        }

        if (TimeIfValid(records[skipped.LatestIndex]) is { } latest)
        {
            return latest > read ? latest : read;
        }

        var watermark = read;
        foreach (var record in records)
        {
            if (record.Sequence < _fromSequence || record.AppendedAt < _fromTime || _peek.Classify(record, out _) != PeekKind.Other)
            {
                continue;
            }

            if (TimeIfValid(record) is { } time && time > watermark)
            {
                watermark = time;
            }
        }

        return watermark;
    }

    private static DateTimeOffset? TimeIfValid(LogRecord record)
    {
        var read = record.ReadEvent();
        return read.IsValid ? read.Event.Time : null;
    }

    /// <summary>The latest time among the records a batch skipped for their type, and where that record is.</summary>
    private struct SkippedTimes
    {
        public int Count { get; private set; }
        public DateTimeOffset Latest { get; private set; }
        public int LatestIndex { get; private set; }

        public void Add(int index, DateTimeOffset time)
        {
            if (Count == 0 || time > Latest)
            {
                Latest = time;
                LatestIndex = index;
            }

            Count++;
        }
    }

    /// <summary>What one batch has read so far: its watermark, the records skipped for their type, the tallies.</summary>
    private struct BatchRead()
    {
        public SkippedTimes Skipped;
        public DateTimeOffset LastEventTime = DateTimeOffset.MinValue;
        public bool Peeking = true;
        public long Applied;
        public long Failures;
    }
}
