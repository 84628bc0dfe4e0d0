using MicroStreams.Replay;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// Replay bookkeeping: replays' requests and progress (<c>replays</c>, so a restart resumes them), the partitions a
/// rebuild's switch has done (<c>replay_partitions</c>), the pauses of processors waiting for a rebuild
/// (<c>replay_pauses</c>) and the processors an earlier start saw (<c>processor_versions</c>). Status codes are
/// <see cref="ReplayStatus"/>, stored as its number.
/// </summary>
internal sealed class ReplayStore(StateConnection db)
{
    public const string Schema = """
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

    /// <summary>Inside a rebuild's switch: the replay's partition is done; a new generation that covers the whole log
    /// lifts the processor's pause there.</summary>
    internal void WriteSwitched(SqliteTransaction transaction, int partition, GenerationSwitch change, DateTimeOffset now)
    {
        if (change.LiftsPause)
        {
            db.Run(transaction, "DELETE FROM replay_pauses WHERE processor=$proc AND partition=$p", ("$proc", change.Processor), ("$p", partition));
        }

        db.Run(transaction, "INSERT OR REPLACE INTO replay_partitions(replay, partition, switched_at) VALUES ($id, $p, $t)", ("$id", change.ReplayId), ("$p", partition), ("$t", now.UtcTicks));
    }

    /// <summary>Inside a rebuild's switch: the replay has completed.</summary>
    internal void WriteCompleted(SqliteTransaction transaction, string replayId) =>
        db.Run(transaction, "UPDATE replays SET status=$s WHERE id=$id", ("$s", (int)ReplayStatus.Completed), ("$id", replayId));

    /// <summary>
    /// Records that <paramref name="processor"/> skips its events in <paramref name="partition"/> until a rebuild of the whole
    /// log switches it live there (a backfill): the pause outlives a cancelled rebuild and a restart, so the events skipped
    /// meanwhile are owed to the next full rebuild instead of being lost.
    /// </summary>
    public void SavePause(string processor, int partition, string reason, DateTimeOffset now)
    {
        lock (db.Gate)
        {
            db.Run(null, "INSERT OR IGNORE INTO replay_pauses(processor, partition, reason, paused_at) VALUES ($proc, $p, $r, $t)",
                ("$proc", processor), ("$p", partition), ("$r", reason), ("$t", now.UtcTicks));
        }
    }

    /// <summary>Every recorded pause (see <see cref="SavePause"/>), to restore before processing starts.</summary>
    public List<(string Processor, int Partition, string Reason)> ReadPauses()
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
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

    public void SaveReplay(string id, string processor, long generation, ReplayStatus status, string view, DateTimeOffset createdAt, DateTimeOffset now)
    {
        lock (db.Gate)
        {
            db.Run(null, """
                INSERT INTO replays(id, processor, generation, status, view, created_at, updated_at) VALUES ($id, $proc, $g, $s, $v, $c, $u)
                ON CONFLICT(id) DO UPDATE SET status=CASE WHEN replays.status=$cancelling AND excluded.status=$running THEN $cancelling ELSE excluded.status END, view=excluded.view, updated_at=excluded.updated_at
                """, ("$id", id), ("$proc", processor), ("$g", generation), ("$s", (int)status), ("$cancelling", (int)ReplayStatus.Cancelling), ("$running", (int)ReplayStatus.Running), ("$v", view), ("$c", createdAt.UtcTicks), ("$u", now.UtcTicks));
        }
    }

    public List<(string Id, ReplayStatus Status, string View)> ReadReplays()
    {
        lock (db.Gate)
        {
            return ReadReplays(db.Writer);
        }
    }

    /// <summary>Every replay, newest first, from any connection to <c>state.db</c> (the CLI reads them without a runtime).</summary>
    public static List<(string Id, ReplayStatus Status, string View)> ReadReplays(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, status, view FROM replays ORDER BY created_at DESC, id DESC";
        using var reader = command.ExecuteReader();
        var replays = new List<(string, ReplayStatus, string)>();
        while (reader.Read())
        {
            replays.Add((reader.GetString(0), (ReplayStatus)reader.GetInt32(1), reader.GetString(2)));
        }

        return replays;
    }

    public ReplayStatus? ReplayStatusOf(string id)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = "SELECT status FROM replays WHERE id=$id";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteScalar() is long status ? (ReplayStatus)status : null;
        }
    }

    /// <summary>Asks a running replay to stop (it may run in another process); returns whether one was running.</summary>
    public static bool RequestReplayCancel(SqliteConnection connection, string id)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE replays SET status=$cancelling WHERE id=$id AND status=$running";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$cancelling", (int)ReplayStatus.Cancelling);
        command.Parameters.AddWithValue("$running", (int)ReplayStatus.Running);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>The next generation number of <paramref name="processor"/>: one more than any replay of it ever used.</summary>
    public long NextGeneration(string processor)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = "SELECT IFNULL(MAX(generation), 0) + 1 FROM replays WHERE processor=$proc";
            command.Parameters.AddWithValue("$proc", processor);
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Processors seen by an earlier start, with the version they ran; new ones are registered.</summary>
    public Dictionary<string, int> KnownProcessors()
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
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
        lock (db.Gate)
        {
            db.Run(null, "INSERT INTO processor_versions(processor, version, deployed_at) VALUES ($p, $v, $t) ON CONFLICT(processor) DO UPDATE SET version=excluded.version",
                ("$p", processor), ("$v", version), ("$t", now.UtcTicks));
        }
    }
}
