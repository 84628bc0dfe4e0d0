using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Storage;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>Replays of a data folder read (and cancelled) straight from <c>state.db</c>, without opening a runtime.</summary>
public static class ReplayCatalog
{
    /// <summary>Every replay, newest first, read without writing anything (a folder where none ran has none).</summary>
    public static IReadOnlyList<ReplayView> List(string dataPath)
    {
        using var connection = OpenToRead(Path.Combine(dataPath, DataFolder.StateFile));
        if (SqliteFile.Scalar<long>(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='replays'") == 0)
        {
            return [];
        }

        return [.. ReplayStore.ReadReplays(connection).Select(r => ReplayJson.Read(r.View) with { Status = r.Status })];
    }

    /// <summary>Marks a running replay to be cancelled; the process running it stops at its next batch.</summary>
    public static bool RequestCancel(string dataPath, string id)
    {
        using var connection = Open(dataPath);
        return ReplayStore.RequestReplayCancel(connection, id);
    }

    /// <summary>
    /// Read-only, and creating nothing: a WAL database that no process has open has no <c>-wal</c> file, and a plain
    /// read-only connection would leave new <c>-wal</c> and <c>-shm</c> files behind; such a database is read as immutable.
    /// </summary>
    private static Microsoft.Data.Sqlite.SqliteConnection OpenToRead(string path)
    {
        if (File.Exists(path + "-wal"))
        {
            return SqliteFile.Open(path, Durability.Full, readOnly: true);
        }

        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={new Uri(path).AbsoluteUri}?immutable=1;Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static Microsoft.Data.Sqlite.SqliteConnection Open(string dataPath)
    {
        var connection = SqliteFile.Open(Path.Combine(dataPath, DataFolder.StateFile), Durability.Full);
        SqliteFile.Execute(connection, ReplayStore.Schema);
        return connection;
    }
}
