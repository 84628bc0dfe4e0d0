using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Log;

/// <summary>Reads records of one partition in order from a given sequence; owned by one consumer thread.</summary>
public sealed class LogReader(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _read = Prepare(connection);

    /// <summary>Reads up to <paramref name="maxRecords"/> records after <paramref name="afterSequence"/>, appending to <paramref name="into"/>.</summary>
    public void Read(int partition, long afterSequence, int maxRecords, List<LogRecord> into)
    {
        _read.Parameters["$p"].Value = partition;
        _read.Parameters["$after"].Value = afterSequence;
        using var reader = _read.ExecuteReader();
        var wanted = into.Count + maxRecords;
        while (into.Count < wanted && reader.Read())
        {
            var first = reader.GetInt64(0);
            var appendedAt = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var body = (byte[])reader[2];
            SegmentCodec.Decode(body, (index, bytes) =>
            {
                var sequence = first + index;
                if (sequence > afterSequence && into.Count < wanted)
                {
                    into.Add(new LogRecord(partition, sequence, appendedAt, bytes));
                }
            });
        }
    }

    public void Dispose()
    {
        _read.Dispose();
        connection.Dispose();
    }

    private static SqliteCommand Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            SELECT first_seq, appended_at, body FROM segments
            WHERE partition = $p
              AND first_seq >= (SELECT IFNULL(MAX(first_seq), 0) FROM segments WHERE partition = $p AND first_seq <= $after + 1)
            ORDER BY first_seq
            """;
        command.Parameters.Add("$p", SqliteType.Integer);
        command.Parameters.Add("$after", SqliteType.Integer);
        return command;
    }
}
