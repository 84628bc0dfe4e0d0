using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    /// <summary>Commits a consumer batch: changelog, outbox, dead letters, projection rows, redrive marks and the checkpoint, atomically.</summary>
    public void Commit(PartitionCommit commit, DateTimeOffset now)
    {
        lock (Gate)
        {
            using var transaction = _connection.BeginTransaction();
            if (commit.ChangedWorkers > 0 && commit.Snapshot is null)
            {
                WriteChangelog(transaction, commit.Partition, commit.Changelog);
            }

            if (commit.Snapshot is { } snapshot)
            {
                WriteSnapshot(transaction, commit.Partition, snapshot);
            }

            if (commit.Effects.Count > 0)
            {
                WriteOutbox(transaction, commit, now);
            }

            if (commit.DeadLetters.Count > 0)
            {
                WriteDeadLetters(transaction, commit.DeadLetters);
            }

            if (commit.HasProjections)
            {
                WriteProjections(transaction, commit.Projections, null, now);
            }

            foreach (var id in commit.Redriven)
            {
                Run(transaction, "UPDATE dead_letters SET status=1 WHERE id=$id AND status=0", ("$id", id));
            }

            Run(transaction, "INSERT INTO checkpoints(partition, sequence, updated_at, fired_until) VALUES ($p, $s, $t, $f) ON CONFLICT(partition) DO UPDATE SET sequence=excluded.sequence, updated_at=excluded.updated_at, fired_until=max(fired_until, excluded.fired_until)",
                ("$p", commit.Partition), ("$s", commit.Checkpoint), ("$t", now.UtcTicks), ("$f", commit.FiredUntil.UtcTicks));
            transaction.Commit();
        }
    }

    /// <summary>One row per chunk of the batch's changelog (see <see cref="PartitionCommit.Changelog"/>); read back in id order.</summary>
    private void WriteChangelog(SqliteTransaction transaction, int partition, List<byte[]> rows)
    {
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO worker_changes(partition, body) VALUES ($p, $b)";
        insert.Parameters.AddWithValue("$p", partition);
        var body = insert.Parameters.Add("$b", SqliteType.Blob);
        foreach (var row in rows)
        {
            body.Value = row;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Writes a compaction's snapshot records and drops the partition's changelog they fold in.</summary>
    private void WriteSnapshot(SqliteTransaction transaction, int partition, List<(string Processor, string Key, byte[] Body)> snapshot)
    {
        // An update that assigns the partition rewrites the partition index entry even when the value stays the same,
        // and a worker's key never changes partition: the usual update sets the body alone (a third cheaper per row).
        // A row found under another partition is not updated by it, and gets the full update instead.
        using var upsert = new RawStatement(_connection, "INSERT INTO worker_snapshots(processor, key, partition, body) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(processor, key) DO UPDATE SET body=excluded.body WHERE partition=excluded.partition");
        using var moved = new RawStatement(_connection, "UPDATE worker_snapshots SET partition=?3, body=?4 WHERE processor=?1 AND key=?2");
        foreach (var (processor, key, body) in snapshot)
        {
            if (upsert.Text(1, processor).Text(2, key).Integer(3, partition).Blob(4, body).Execute() == 0)
            {
                moved.Text(1, processor).Text(2, key).Integer(3, partition).Blob(4, body).Execute();
            }
        }

        Run(transaction, "DELETE FROM worker_changes WHERE partition=$p", ("$p", partition));
    }

    private void WriteOutbox(SqliteTransaction transaction, PartitionCommit commit, DateTimeOffset now)
    {
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO outbox(id, partition, processor, key, channel, target, payload, created_at, expires_at, next_attempt_at, trace_parent, ingested_at)
            VALUES ($id, $p, $proc, $key, $channel, $target, $payload, $created, $expires, $next, $trace, $ingested)
            ON CONFLICT(id) DO NOTHING
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$p", commit.Partition);
        var proc = insert.Parameters.Add("$proc", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var channel = insert.Parameters.Add("$channel", SqliteType.Text);
        var target = insert.Parameters.Add("$target", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        var expires = insert.Parameters.Add("$expires", SqliteType.Integer);
        var trace = insert.Parameters.Add("$trace", SqliteType.Text);
        var ingested = insert.Parameters.Add("$ingested", SqliteType.Integer);
        insert.Parameters.AddWithValue("$next", now.UtcTicks);
        foreach (var effect in commit.Effects)
        {
            id.Value = effect.Id;
            proc.Value = effect.Worker.Processor;
            key.Value = effect.Worker.Key;
            channel.Value = effect.Channel;
            target.Value = effect.Target;
            payload.Value = effect.Payload;
            created.Value = effect.CreatedAt.UtcTicks;
            // Max age counts from when the effect was committed: CreatedAt is event time, which may lie far in the past.
            expires.Value = (now + (effect.MaxAge ?? commit.DefaultEffectMaxAge)).UtcTicks;
            trace.Value = (object?)effect.TraceParent ?? DBNull.Value;
            ingested.Value = effect.IngestedAt is { } at ? at.UtcTicks : DBNull.Value;
            insert.ExecuteNonQuery();
        }
    }

    private void WriteDeadLetters(SqliteTransaction transaction, IEnumerable<MicroStreams.DeadLetters.DeadLetter> letters)
    {
        using var insert = _connection.CreateCommand();
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

    /// <summary>Runs one statement on the writer connection; callers hold <see cref="Gate"/>.</summary>
    internal int Run(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
