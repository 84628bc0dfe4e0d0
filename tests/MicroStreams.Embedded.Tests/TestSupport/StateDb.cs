using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Tests.TestSupport;

/// <summary>
/// A second connection to a test runtime's <c>state.db</c>, beside the runtime's own: to plant faults (triggers) and
/// to read every row a consumer commit writes, byte for byte.
/// </summary>
internal static class StateDb
{
    /// <summary>The tables a consumer commit writes.</summary>
    public static readonly string[] CommitTables = ["checkpoints", "worker_snapshots", "worker_changes", "outbox", "dead_letters", "projection_rows"];

    public static void Execute(TestRuntime test, string sql)
    {
        using var connection = Open(test);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Count(TestRuntime test, string table)
    {
        using var connection = Open(test);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Every row of <see cref="CommitTables"/>, one line each, in primary-key order.</summary>
    public static string Dump(TestRuntime test)
    {
        using var connection = Open(test);
        var text = new StringBuilder();
        foreach (var table in CommitTables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(" | ").Append(reader.GetValue(i) switch
                    {
                        byte[] blob => Convert.ToHexString(blob),
                        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
                        var value => value.ToString(),
                    });
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    private static SqliteConnection Open(TestRuntime test)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(test.DataPath, "state.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
