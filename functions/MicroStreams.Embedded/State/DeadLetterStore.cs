using MicroStreams.DeadLetters;
using MicroStreams.Workers;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// The <c>dead_letters</c> table: events, timers and effects that could not be carried out, with their kind, reason and
/// raw input, until redriven or discarded (<see cref="DeadLetterStatus"/>, stored as its number). Reads for the
/// dashboard are in <see cref="DeadLetterReads"/>.
/// </summary>
internal sealed class DeadLetterStore(StateConnection db)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS dead_letters(
          id INTEGER PRIMARY KEY,
          kind INTEGER NOT NULL,
          partition INTEGER NOT NULL,
          sequence INTEGER NOT NULL,
          processor TEXT,
          key TEXT,
          event_id TEXT,
          event_type TEXT,
          reason TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          raw BLOB NOT NULL,
          created_at INTEGER NOT NULL,
          status INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS dead_letters_worker ON dead_letters(processor, key, status, id);
        CREATE INDEX IF NOT EXISTS dead_letters_status ON dead_letters(status, id);
        """;

    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "id, kind, partition, sequence, processor, key, event_id, event_type, reason, attempts, raw, created_at, status";

    private const int Pending = (int)DeadLetterStatus.Pending;

    private static readonly string MarkRedrivenSql = $"UPDATE dead_letters SET status={(int)DeadLetterStatus.Redriven} WHERE id=$id AND status={Pending}";
    private static readonly string DiscardSql = $"UPDATE dead_letters SET status={(int)DeadLetterStatus.Discarded} WHERE id=$id AND status={Pending}";
    private static readonly string SupersedeSql = $"UPDATE dead_letters SET status={(int)DeadLetterStatus.Discarded} WHERE status={Pending} AND processor=$proc AND partition=$p AND ($prefix IS NULL OR substr(key, 1, length($prefix)) = $prefix)";

    /// <summary>Reads beside the writer, for the dashboard and the API.</summary>
    public DeadLetterReads Reads { get; } = new(db);

    /// <summary>The worker's pending dead letters in their original order.</summary>
    public List<DeadLetter> PendingOf(WorkerId worker)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM dead_letters WHERE processor=$proc AND key=$key AND status={Pending} ORDER BY sequence, id";
            command.Parameters.AddWithValue("$proc", worker.Processor);
            command.Parameters.AddWithValue("$key", worker.Key);
            return Read(command);
        }
    }

    /// <summary>Marks a pending dead letter discarded; returns whether one was.</summary>
    public bool Discard(long id) => db.RunLocked(DiscardSql, ("$id", id)) == 1;

    /// <summary>Reads the rows of a query selecting <see cref="Columns"/>.</summary>
    public static List<DeadLetter> Read(SqliteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
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

    /// <summary>Inside a commit: stores new dead letters (pending).</summary>
    internal void Write(SqliteTransaction transaction, IEnumerable<DeadLetter> letters)
    {
        using var insert = db.Writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO dead_letters(kind, partition, sequence, processor, key, event_id, event_type, reason, attempts, raw, created_at)
            VALUES ($kind, $p, $seq, $proc, $key, $eid, $etype, $reason, $attempts, $raw, $created)
            """;
        foreach (var letter in letters)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$kind", (int)letter.Kind);
            insert.Parameters.AddWithValue("$p", letter.Partition);
            insert.Parameters.AddWithValue("$seq", letter.Sequence);
            insert.Parameters.AddWithValue("$proc", (object?)letter.Processor ?? DBNull.Value);
            insert.Parameters.AddWithValue("$key", (object?)letter.Key ?? DBNull.Value);
            insert.Parameters.AddWithValue("$eid", (object?)letter.EventId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$etype", (object?)letter.EventType ?? DBNull.Value);
            insert.Parameters.AddWithValue("$reason", letter.Reason);
            insert.Parameters.AddWithValue("$attempts", letter.Attempts);
            insert.Parameters.AddWithValue("$raw", letter.Raw.ToArray());
            insert.Parameters.AddWithValue("$created", letter.CreatedAt.UtcTicks);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Inside a consumer commit: the dead letters a redrive re-applied, so they are not redriven twice.</summary>
    internal void MarkRedriven(SqliteTransaction transaction, List<long> ids)
    {
        foreach (var id in ids)
        {
            db.Run(transaction, MarkRedrivenSql, ("$id", id));
        }
    }

    /// <summary>Inside a rebuild's switch: the processor's pending dead letters in the partition (of keys with
    /// <paramref name="keyPrefix"/>, or all) are superseded by the new generation, which decided them again.</summary>
    internal void SupersedePending(SqliteTransaction transaction, string processor, int partition, string? keyPrefix) =>
        db.Run(transaction, SupersedeSql, ("$proc", processor), ("$p", partition), ("$prefix", (object?)keyPrefix ?? DBNull.Value));
}
