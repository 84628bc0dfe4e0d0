using MicroStreams.Embedded.Storage;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// The one writer connection to <c>state.db</c>, shared by its stores under <see cref="Gate"/>: a consumer commit writes
/// to several stores' tables in one transaction on it. Readers that may run beside the writer open their own.
/// </summary>
internal sealed class StateConnection : IDisposable
{
    private readonly string _path;
    private readonly Durability _durability;
    private readonly WalCheckpointer _checkpointer;

    public StateConnection(string path, Durability durability)
    {
        _path = path;
        _durability = durability;
        Writer = SqliteFile.Open(path, durability);
        _checkpointer = new WalCheckpointer(path, durability, Writer);
    }

    /// <summary>The writer connection's lock: every statement on it runs inside.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The writer connection; use it holding <see cref="Gate"/>.</summary>
    public SqliteConnection Writer { get; }

    public SqliteConnection OpenReader() => SqliteFile.Open(_path, _durability, readOnly: true);

    /// <summary>Runs one statement on the writer connection; callers hold <see cref="Gate"/>.</summary>
    public int Run(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>Runs one statement under <see cref="Gate"/>, in a transaction of its own.</summary>
    public int RunLocked(string sql, params (string Name, object Value)[] parameters)
    {
        lock (Gate)
        {
            return Run(null, sql, parameters);
        }
    }

    /// <summary>A command on the writer connection with its parameters declared, to bind and run once per row.</summary>
    public SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = Writer.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>Creates <paramref name="schema"/>'s tables and adds the columns it gained since a <c>state.db</c> was created.</summary>
    public void Create(string schema, params (string Table, string Column, string Type)[] added)
    {
        lock (Gate)
        {
            SqliteFile.Execute(Writer, schema);
            foreach (var (table, column, type) in added)
            {
                if (SqliteFile.Scalar<long>(Writer, $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name='{column}'") == 0)
                {
                    SqliteFile.Execute(Writer, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
                }
            }
        }
    }

    private readonly Dictionary<string, RawStatement> _kept = new(StringComparer.Ordinal);

    /// <summary>
    /// A statement prepared once on the writer and kept for the connection's life, for the statements every consumer
    /// commit runs: preparing them again on each commit parsed the SQL each time and allocated a command, its
    /// parameters and a reader per row. Callers hold <see cref="Gate"/>.
    /// </summary>
    public RawStatement Kept(string sql)
    {
        if (!_kept.TryGetValue(sql, out var statement))
        {
            _kept[sql] = statement = new RawStatement(Writer, sql);
        }

        return statement;
    }

    public void Dispose()
    {
        _checkpointer.Dispose();
        foreach (var statement in _kept.Values)
        {
            statement.Dispose();
        }

        Writer.Dispose();
    }
}
