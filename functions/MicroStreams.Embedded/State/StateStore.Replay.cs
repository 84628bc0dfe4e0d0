using MicroStreams.Replay;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>Replays: their requests and progress (so a restart resumes them), the atomic switch of a rebuild, and the pauses of processors waiting for one.</summary>
internal sealed partial class StateStore
{
    public const string ReplaySchema = """
        CREATE TABLE IF NOT EXISTS replays(
          id TEXT PRIMARY KEY,
          processor TEXT NOT NULL,
          generation INTEGER NOT NULL,
          status INTEGER NOT NULL,
          view TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS replay_partitions(
          replay TEXT NOT NULL,
          partition INTEGER NOT NULL,
          switched_at INTEGER NOT NULL,
          PRIMARY KEY(replay, partition)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS replay_pauses(
          processor TEXT NOT NULL,
          partition INTEGER NOT NULL,
          reason TEXT NOT NULL,
          paused_at INTEGER NOT NULL,
          PRIMARY KEY(processor, partition)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS processor_versions(
          processor TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          deployed_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    public void EnsureReplaySchema()
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = ReplaySchema;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes the processor's snapshot records of the partition that a new generation replaces and does not have
    /// again (its changelog records override the others until the next compaction overwrites them), supersedes its pending
    /// dead letters there, lifts its pause there when the new generation covers the whole log, and marks the replay's
    /// partition switched. Runs inside the commit's transaction.</summary>
    private void WriteGenerationSwitch(SqliteTransaction transaction, int partition, GenerationSwitch change, DateTimeOffset now)
    {
        const string Prefix = "($prefix IS NULL OR substr(key, 1, length($prefix)) = $prefix)";
        object prefix = (object?)change.KeyPrefix ?? DBNull.Value;
        DeleteReplacedRecords(transaction, partition, change);
        Run(transaction, $"UPDATE dead_letters SET status=2 WHERE status=0 AND processor=$proc AND partition=$p AND {Prefix}", ("$proc", change.Processor), ("$p", partition), ("$prefix", prefix));
        if (change.LiftsPause)
        {
            Run(transaction, "DELETE FROM replay_pauses WHERE processor=$proc AND partition=$p", ("$proc", change.Processor), ("$p", partition));
        }

        Run(transaction, "INSERT OR REPLACE INTO replay_partitions(replay, partition, switched_at) VALUES ($id, $p, $t)", ("$id", change.ReplayId), ("$p", partition), ("$t", now.UtcTicks));
    }

    /// <summary>
    /// Deletes the snapshot records the new generation replaces but does not write again. Deleting all of them cost SQLite a
    /// B-tree change (and one of the partition index) per worker.
    /// </summary>
    private void DeleteReplacedRecords(SqliteTransaction transaction, int partition, GenerationSwitch change)
    {
        var gone = new List<string>();
        using (var select = _connection.CreateCommand())
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

        using var delete = new RawStatement(_connection, "DELETE FROM worker_snapshots WHERE processor=?1 AND key=?2");
        foreach (var key in gone)
        {
            delete.Text(1, change.Processor).Text(2, key).Execute();
        }
    }

    /// <summary>
    /// Makes a rebuild's new generation live in one transaction: in every partition the processor's replaced records go
    /// (<see cref="WriteGenerationSwitch"/>), the partition's changelog is replaced by the commit's and the rebuild's dead
    /// letters are written; the remaining projection rows go to their new version (or the current one), the new versions
    /// become current, and the replay is marked completed. Readers and a restart see all of it or none of it.
    /// </summary>
    public void CommitRebuild(IReadOnlyList<PartitionCommit> commits, IReadOnlyDictionary<(string Projection, string Key), string?> rows,
        IReadOnlyDictionary<string, long> projectionVersions, string replayId, DateTimeOffset now)
    {
        lock (Gate)
        {
            using (var transaction = _connection.BeginTransaction())
            {
                foreach (var commit in commits)
                {
                    WriteGenerationSwitch(transaction, commit.Partition, commit.GenerationSwitch!, now);
                    Run(transaction, "DELETE FROM worker_changes WHERE partition=$p", ("$p", commit.Partition));
                    WriteChangelog(transaction, commit.Partition, commit.Changelog);
                    if (commit.DeadLetters.Count > 0)
                    {
                        WriteDeadLetters(transaction, commit.DeadLetters);
                    }
                }

                WriteProjectionRows(transaction, rows, VersionIn(projectionVersions), now);
                SwitchProjectionVersions(transaction, projectionVersions, now);
                Run(transaction, "UPDATE replays SET status=$s WHERE id=$id", ("$s", (int)ReplayStatus.Completed), ("$id", replayId));
                transaction.Commit();
            }

            AdoptProjectionVersions(projectionVersions);
        }
    }

    /// <summary>
    /// Records that <paramref name="processor"/> skips its events in <paramref name="partition"/> until a rebuild of the whole
    /// log switches it live there (a backfill): the pause outlives a cancelled rebuild and a restart, so the events skipped
    /// meanwhile are owed to the next full rebuild instead of being lost.
    /// </summary>
    public void SavePause(string processor, int partition, string reason, DateTimeOffset now)
    {
        lock (Gate)
        {
            Run(null, "INSERT OR IGNORE INTO replay_pauses(processor, partition, reason, paused_at) VALUES ($proc, $p, $r, $t)",
                ("$proc", processor), ("$p", partition), ("$r", reason), ("$t", now.UtcTicks));
        }
    }

    /// <summary>Every recorded pause (see <see cref="SavePause"/>), to restore before processing starts.</summary>
    public List<(string Processor, int Partition, string Reason)> ReadPauses()
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT processor, partition, reason FROM replay_pauses ORDER BY processor, partition";
            using var reader = command.ExecuteReader();
            var pauses = new List<(string, int, string)>();
            while (reader.Read())
            {
                pauses.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
            }

            return pauses;
        }
    }

    public void SaveReplay(string id, string processor, long generation, int status, string view, DateTimeOffset createdAt, DateTimeOffset now)
    {
        lock (Gate)
        {
            Run(null, """
                INSERT INTO replays(id, processor, generation, status, view, created_at, updated_at) VALUES ($id, $proc, $g, $s, $v, $c, $u)
                ON CONFLICT(id) DO UPDATE SET status=CASE WHEN replays.status=4 AND excluded.status=0 THEN 4 ELSE excluded.status END, view=excluded.view, updated_at=excluded.updated_at
                """, ("$id", id), ("$proc", processor), ("$g", generation), ("$s", status), ("$v", view), ("$c", createdAt.UtcTicks), ("$u", now.UtcTicks));
        }
    }

    public List<(string Id, int Status, string View)> ReadReplays()
    {
        lock (Gate)
        {
            return ReadReplays(_connection);
        }
    }

    /// <summary>Every replay, newest first, from any connection to <c>state.db</c> (the CLI reads them without a runtime).</summary>
    public static List<(string Id, int Status, string View)> ReadReplays(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, status, view FROM replays ORDER BY created_at DESC, id DESC";
        using var reader = command.ExecuteReader();
        var replays = new List<(string, int, string)>();
        while (reader.Read())
        {
            replays.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return replays;
    }

    public int? ReplayStatusOf(string id)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT status FROM replays WHERE id=$id";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteScalar() is long status ? (int)status : null;
        }
    }

    /// <summary>Asks a running replay to stop (it may run in another process); returns whether one was running.</summary>
    public static bool RequestReplayCancel(SqliteConnection connection, string id)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE replays SET status=4 WHERE id=$id AND status=0";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>The next generation number of <paramref name="processor"/>: one more than any replay of it ever used.</summary>
    public long NextGeneration(string processor)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT IFNULL(MAX(generation), 0) + 1 FROM replays WHERE processor=$proc";
            command.Parameters.AddWithValue("$proc", processor);
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Processors seen by an earlier start, with the version they ran; new ones are registered.</summary>
    public Dictionary<string, int> KnownProcessors()
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT processor, version FROM processor_versions";
            using var reader = command.ExecuteReader();
            var known = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read())
            {
                known[reader.GetString(0)] = reader.GetInt32(1);
            }

            return known;
        }
    }

    public void RegisterProcessor(string processor, int version, DateTimeOffset now)
    {
        lock (Gate)
        {
            Run(null, "INSERT INTO processor_versions(processor, version, deployed_at) VALUES ($p, $v, $t) ON CONFLICT(processor) DO UPDATE SET version=excluded.version",
                ("$p", processor), ("$v", version), ("$t", now.UtcTicks));
        }
    }

    /// <summary>Whether any worker record of <paramref name="processor"/> is stored (snapshot or changelog row naming it).</summary>
    public bool HasWorkerRecords(string processor)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT EXISTS(SELECT 1 FROM worker_snapshots WHERE processor=$p) OR EXISTS(SELECT 1 FROM worker_changes WHERE instr(body, $needle) > 0)";
            command.Parameters.AddWithValue("$p", processor);
            command.Parameters.AddWithValue("$needle", System.Text.Encoding.UTF8.GetBytes($"\"p\":{System.Text.Json.JsonSerializer.Serialize(processor)}"));
            return (long)command.ExecuteScalar()! != 0;
        }
    }
}
