using MicroStreams.Embedded.Storage;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// <c>state.db</c>: worker records (snapshots plus a changelog, as Kafka Streams keeps a changelog beside its store),
/// checkpoints, the effect outbox and the dead-letter store. One writer connection, shared under a lock;
/// consumers encode their records before taking it.
/// </summary>
internal sealed partial class StateStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly Durability _durability;

    public StateStore(string path, Durability durability)
    {
        _path = path;
        _durability = durability;
        _connection = SqliteFile.Open(path, durability);
        SqliteFile.Execute(_connection, StateSchema.Create);
        foreach (var (table, column, type) in StateSchema.Added)
        {
            if (SqliteFile.Scalar<long>(_connection, $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name='{column}'") == 0)
            {
                SqliteFile.Execute(_connection, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
            }
        }
    }

    /// <summary>How far the partition's consumer fired its timers (the timer rule's horizon, docs/timers.md), as committed.</summary>
    public DateTimeOffset ReadFiredUntil(int partition)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT fired_until FROM checkpoints WHERE partition=$p";
            command.Parameters.AddWithValue("$p", partition);
            return command.ExecuteScalar() is long ticks && ticks > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;
        }
    }

    /// <summary>The writer connection's lock: every statement on it runs inside.</summary>
    public Lock Gate { get; } = new();

    public SqliteConnection OpenReadConnection() => SqliteFile.Open(_path, _durability, readOnly: true);

    public long ReadCheckpoint(int partition)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT sequence FROM checkpoints WHERE partition=$p";
            command.Parameters.AddWithValue("$p", partition);
            return command.ExecuteScalar() is long sequence ? sequence : 0;
        }
    }

    /// <summary>Every stored worker record of a partition, snapshots first and then changes in commit order (later wins).</summary>
    public void ReadWorkerRecords(int partition, Action<byte[], bool> onRecord)
    {
        lock (Gate)
        {
            using var snapshots = _connection.CreateCommand();
            snapshots.CommandText = "SELECT body FROM worker_snapshots WHERE partition=$p";
            snapshots.Parameters.AddWithValue("$p", partition);
            using (var reader = snapshots.ExecuteReader())
            {
                while (reader.Read())
                {
                    onRecord((byte[])reader[0], false);
                }
            }

            using var changes = _connection.CreateCommand();
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

    public void Dispose()
    {
        _upserts?.Dispose();
        _connection.Dispose();
    }
}
