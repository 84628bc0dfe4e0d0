using Microsoft.Data.Sqlite;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// The naive SQLite log (docs/benchmark-spec.md): one row per event <c>(partition, seq, body)</c> WITHOUT ROWID, one
/// transaction per batch, WAL, the given synchronous mode. Batches are serialized (SQLite has one writer).
/// </summary>
public sealed class SqliteRowTarget : IIngestTarget
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly Lock _gate = new();
    private readonly long[] _heads = new long[1024];

    public SqliteRowTarget(string path, bool full)
    {
        Durability = full ? "Full" : "Normal";
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(path, "rows.db"), Pooling = false }.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = $"""
                PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous={(full ? "FULL" : "NORMAL")};
                CREATE TABLE events(partition INTEGER NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY(partition, seq)) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO events(partition, seq, body) VALUES ($p, $s, $b)";
        _insert.Parameters.Add("$p", SqliteType.Integer);
        _insert.Parameters.Add("$s", SqliteType.Integer);
        _insert.Parameters.Add("$b", SqliteType.Blob);
        _insert.Prepare();
    }

    public string Name => "sqlite-row";

    public string Durability { get; }

    public string? Note => "peer: row per event, txn per batch";

    public Task AppendAsync(ReadOnlyMemory<byte>[] batch, int[] partitions, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            for (var i = 0; i < batch.Length; i++)
            {
                _insert.Parameters[0].Value = partitions[i];
                _insert.Parameters[1].Value = ++_heads[partitions[i]];
                _insert.Parameters[2].Value = batch[i].ToArray();
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _insert.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
