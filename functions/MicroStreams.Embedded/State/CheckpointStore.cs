using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// The <c>checkpoints</c> table: per partition, the last log sequence its consumer committed and how far it fired timers
/// (the timer rule's horizon, docs/timers.md). Written only inside a consumer commit, with what the batch changed.
/// </summary>
internal sealed class CheckpointStore(StateConnection db)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS checkpoints(
          partition INTEGER PRIMARY KEY,
          sequence INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          fired_until INTEGER NOT NULL DEFAULT 0);
        """;

    /// <summary>Columns added after the first release.</summary>
    public static readonly (string Table, string Column, string Type)[] Added = [("checkpoints", "fired_until", "INTEGER NOT NULL DEFAULT 0")];

    public long ReadCheckpoint(int partition)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = "SELECT sequence FROM checkpoints WHERE partition=$p";
            command.Parameters.AddWithValue("$p", partition);
            return command.ExecuteScalar() is long sequence ? sequence : 0;
        }
    }

    /// <summary>How far the partition's consumer fired its timers, as committed.</summary>
    public DateTimeOffset ReadFiredUntil(int partition)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = "SELECT fired_until FROM checkpoints WHERE partition=$p";
            command.Parameters.AddWithValue("$p", partition);
            return command.ExecuteScalar() is long ticks && ticks > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;
        }
    }

    /// <summary>Inside a consumer commit: the partition's new checkpoint (the fired horizon never moves back).</summary>
    /// <summary>Inside the transaction open on the writer (<paramref name="transaction"/>).</summary>
    internal void Write(SqliteTransaction transaction, int partition, long sequence, DateTimeOffset firedUntil, DateTimeOffset now)
    {
        _ = transaction;
        db.Kept("INSERT INTO checkpoints(partition, sequence, updated_at, fired_until) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(partition) DO UPDATE SET sequence=excluded.sequence, updated_at=excluded.updated_at, fired_until=max(fired_until, excluded.fired_until)")
            .Integer(1, partition).Integer(2, sequence).Integer(3, now.UtcTicks).Integer(4, firedUntil.UtcTicks).Execute();
    }
}
