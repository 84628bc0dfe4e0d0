using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Storage;

/// <summary>Opens SQLite connections with the pragmas the runtime relies on: WAL, 8 KiB pages, the chosen durability.</summary>
internal static class SqliteFile
{
    public static SqliteConnection Open(string path, Durability durability, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            Cache = SqliteCacheMode.Private,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var sync = durability == Durability.Full ? "FULL" : "NORMAL";
        Execute(connection, readOnly
            ? "PRAGMA busy_timeout=10000; PRAGMA cache_size=-4096; PRAGMA mmap_size=0;"
            : $"PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=10000; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=0;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
