using System.Buffers;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Log;

/// <summary>
/// Reads records of one partition in order from a given sequence; owned by one consumer thread. Segment bodies are
/// read into buffers rented from the shared pool (a segment is often larger than the 85 KB at which .NET allocates on
/// the large-object heap, which only a full collection frees); the records of a read stay valid until the next read.
/// </summary>
public sealed class LogReader(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _read = Prepare(connection);
    private readonly List<byte[]> _rented = [];

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records after <paramref name="afterSequence"/>, appending to
    /// <paramref name="into"/>. The records' bytes are valid until the next call: copy what must outlive the batch.
    /// </summary>
    public void Read(int partition, long afterSequence, int maxRecords, List<LogRecord> into)
    {
        ReturnBuffers();
        _read.Parameters["$p"].Value = partition;
        _read.Parameters["$after"].Value = afterSequence;
        using var reader = _read.ExecuteReader();
        var wanted = into.Count + maxRecords;
        while (into.Count < wanted && reader.Read())
        {
            var first = reader.GetInt64(0);
            var appendedAt = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
            var length = (int)reader.GetBytes(2, 0, null, 0, 0);
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            _rented.Add(buffer);
            reader.GetBytes(2, 0, buffer, 0, length);
            SegmentCodec.Decode(buffer.AsMemory(0, length), (index, bytes) =>
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
        ReturnBuffers();
        _read.Dispose();
        connection.Dispose();
    }

    private void ReturnBuffers()
    {
        foreach (var buffer in _rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _rented.Clear();
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
