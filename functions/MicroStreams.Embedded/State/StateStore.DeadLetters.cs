using MicroStreams.DeadLetters;
using MicroStreams.Workers;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    public const string DeadLetterColumns = "id, kind, partition, sequence, processor, key, event_id, event_type, reason, attempts, raw, created_at, status";

    /// <summary>The worker's pending dead letters in their original order.</summary>
    public List<DeadLetter> PendingDeadLettersOf(WorkerId worker)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {DeadLetterColumns} FROM dead_letters WHERE processor=$proc AND key=$key AND status=0 ORDER BY sequence, id";
            command.Parameters.AddWithValue("$proc", worker.Processor);
            command.Parameters.AddWithValue("$key", worker.Key);
            return ReadDeadLetters(command);
        }
    }

    public static List<DeadLetter> ReadDeadLetters(SqliteCommand command)
    {
        var letters = new List<DeadLetter>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            letters.Add(new DeadLetter
            {
                Id = reader.GetInt64(0),
                Kind = (DeadLetterKind)reader.GetInt32(1),
                Partition = reader.GetInt32(2),
                Sequence = reader.GetInt64(3),
                Processor = reader.IsDBNull(4) ? null : reader.GetString(4),
                Key = reader.IsDBNull(5) ? null : reader.GetString(5),
                EventId = reader.IsDBNull(6) ? null : reader.GetString(6),
                EventType = reader.IsDBNull(7) ? null : reader.GetString(7),
                Reason = reader.GetString(8),
                Attempts = reader.GetInt32(9),
                Raw = (byte[])reader[10],
                CreatedAt = new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
                Status = (DeadLetterStatus)reader.GetInt32(12),
            });
        }

        return letters;
    }

    /// <summary>Marks a pending dead letter discarded; returns whether one was.</summary>
    public bool Discard(long id)
    {
        lock (Gate)
        {
            return Run(null, "UPDATE dead_letters SET status=2 WHERE id=$id AND status=0", ("$id", id)) == 1;
        }
    }
}
