using MicroStreams.Embedded.Storage;

namespace MicroStreams.Embedded.Log;

public sealed partial class EventLog
{
    /// <summary>When the oldest record after <paramref name="afterSequence"/> was appended, or null when there is none: a partition's lag in time.</summary>
    public DateTimeOffset? OldestAppendedAfter(int partition, long afterSequence)
    {
        using var connection = SqliteFile.Open(_path, _durability, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(appended_at) FROM segments WHERE partition=$p AND first_seq + count - 1 > $after";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$after", afterSequence);
        return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// Walks <paramref name="partition"/> backwards from <paramref name="upToSequence"/>, newest first, until
    /// <paramref name="visit"/> returns false or <paramref name="maxRecords"/> were seen: for inspection, never for processing.
    /// </summary>
    public void ReadBackwards(int partition, long upToSequence, int maxRecords, Func<LogRecord, bool> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        using var connection = SqliteFile.Open(_path, _durability, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT first_seq, appended_at, body FROM segments WHERE partition=$p AND first_seq <= $upTo ORDER BY first_seq DESC";
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$upTo", upToSequence);
        using var reader = command.ExecuteReader();
        var seen = 0;
        while (seen < maxRecords && reader.Read())
        {
            var first = reader.GetInt64(0);
            var appendedAt = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var records = new List<LogRecord>();
            SegmentCodec.Decode(((byte[])reader[2]).AsMemory(), (index, bytes, validated) =>
            {
                if (first + index <= upToSequence)
                {
                    records.Add(new LogRecord(partition, first + index, appendedAt, bytes, validated));
                }
            });
            for (var i = records.Count - 1; i >= 0 && seen < maxRecords; i--, seen++)
            {
                if (!visit(records[i]))
                {
                    return;
                }
            }
        }
    }
}
