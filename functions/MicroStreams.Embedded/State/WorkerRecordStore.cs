using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// Worker records: <c>worker_snapshots</c> (one row per worker) plus <c>worker_changes</c>, a changelog of the records
/// each batch changed (as Kafka Streams keeps a changelog beside its store), folded into snapshots now and then. Written
/// inside a consumer commit or a rebuild's switch; read back in full when a consumer starts.
/// </summary>
internal sealed class WorkerRecordStore(StateConnection db)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS worker_snapshots(
          processor TEXT NOT NULL,
          key TEXT NOT NULL,
          partition INTEGER NOT NULL,
          body BLOB NOT NULL,
          PRIMARY KEY(processor, key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS worker_snapshots_partition ON worker_snapshots(partition);
        CREATE TABLE IF NOT EXISTS worker_changes(
          id INTEGER PRIMARY KEY,
          partition INTEGER NOT NULL,
          body BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS worker_changes_partition ON worker_changes(partition, id);
        """;

    /// <summary>Every stored worker record of a partition, snapshots first and then changes in commit order (later wins).</summary>
    public void ReadWorkerRecords(int partition, Action<byte[], bool> onRecord)
    {
        lock (db.Gate)
        {
            using var snapshots = db.Writer.CreateCommand();
            snapshots.CommandText = "SELECT body FROM worker_snapshots WHERE partition=$p";
            snapshots.Parameters.AddWithValue("$p", partition);
            using (var reader = snapshots.ExecuteReader())
            {
                while (reader.Read())
                {
                    onRecord((byte[])reader[0], false);
                }
            }

            using var changes = db.Writer.CreateCommand();
            changes.CommandText = "SELECT body FROM worker_changes WHERE partition=$p ORDER BY id";
            changes.Parameters.AddWithValue("$p", partition);
            using var changeReader = changes.ExecuteReader();
            while (changeReader.Read())
            {
                foreach (var record in WorkerCodec.SplitRecords((byte[])changeReader[0]))
                {
                    onRecord(record, true);
                }
            }
        }
    }

    /// <summary>Whether any worker record of <paramref name="processor"/> is stored (snapshot or changelog row naming it).</summary>
    public bool HasWorkerRecords(string processor)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = "SELECT EXISTS(SELECT 1 FROM worker_snapshots WHERE processor=$p) OR EXISTS(SELECT 1 FROM worker_changes WHERE instr(body, $needle) > 0)";
            command.Parameters.AddWithValue("$p", processor);
            command.Parameters.AddWithValue("$needle", System.Text.Encoding.UTF8.GetBytes($"\"p\":{System.Text.Json.JsonSerializer.Serialize(processor)}"));
            return (long)command.ExecuteScalar()! != 0;
        }
    }

    /// <summary>One row per chunk of the batch's changelog (see <see cref="PartitionCommit.Changelog"/>); read back in id order.</summary>
    /// <summary>Inside the transaction open on the writer (<paramref name="transaction"/>).</summary>
    internal void WriteChangelog(SqliteTransaction transaction, int partition, List<byte[]> rows)
    {
        _ = transaction;
        var insert = db.Kept("INSERT INTO worker_changes(partition, body) VALUES (?1, ?2)");
        foreach (var row in rows)
        {
            insert.Integer(1, partition).Blob(2, row).Execute();
        }
    }

    /// <summary>Drops the partition's changelog (what replaces it is written in the same transaction).</summary>
    internal void DeleteChangelog(SqliteTransaction transaction, int partition) =>
        db.Run(transaction, "DELETE FROM worker_changes WHERE partition=$p", ("$p", partition));

    /// <summary>Writes a compaction's snapshot records and drops the partition's changelog they fold in.</summary>
    internal void WriteSnapshot(SqliteTransaction transaction, int partition, List<(string Processor, string Key, byte[] Body)> snapshot)
    {
        // An update that assigns the partition rewrites the partition index entry even when the value stays the same,
        // and a worker's key never changes partition: the usual update sets the body alone (a third cheaper per row).
        // A row found under another partition is not updated by it, and gets the full update instead.
        using var upsert = new RawStatement(db.Writer, "INSERT INTO worker_snapshots(processor, key, partition, body) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(processor, key) DO UPDATE SET body=excluded.body WHERE partition=excluded.partition");
        using var moved = new RawStatement(db.Writer, "UPDATE worker_snapshots SET partition=?3, body=?4 WHERE processor=?1 AND key=?2");
        foreach (var (processor, key, body) in snapshot)
        {
            if (upsert.Text(1, processor).Text(2, key).Integer(3, partition).Blob(4, body).Execute() == 0)
            {
                moved.Text(1, processor).Text(2, key).Integer(3, partition).Blob(4, body).Execute();
            }
        }

        DeleteChangelog(transaction, partition);
    }

    /// <summary>
    /// Inside a rebuild's switch: deletes the processor's snapshot records of the partition that the new generation replaces
    /// but does not write again (its changelog records override the others until the next compaction overwrites them).
    /// Deleting all of them cost SQLite a B-tree change (and one of the partition index) per worker.
    /// </summary>
    internal void DeleteReplacedRecords(SqliteTransaction transaction, int partition, GenerationSwitch change)
    {
        var gone = new List<string>();
        using (var select = db.Writer.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT key FROM worker_snapshots WHERE processor=$proc AND partition=$p";
            select.Parameters.AddWithValue("$proc", change.Processor);
            select.Parameters.AddWithValue("$p", partition);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var key = reader.GetString(0);
                if ((change.KeyPrefix is null || key.StartsWith(change.KeyPrefix, StringComparison.Ordinal)) && !change.Rewrites(key))
                {
                    gone.Add(key);
                }
            }
        }

        using var delete = new RawStatement(db.Writer, "DELETE FROM worker_snapshots WHERE processor=?1 AND key=?2");
        foreach (var key in gone)
        {
            delete.Text(1, change.Processor).Text(2, key).Execute();
        }
    }
}
