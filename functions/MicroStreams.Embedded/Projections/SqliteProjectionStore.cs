using System.Collections.Concurrent;
using MicroStreams.Embedded.State;
using MicroStreams.Projections;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Projections;

/// <summary>
/// The projection store on <c>state.db</c>. Reads join <c>projections</c> to <c>projection_rows</c> in one statement, so
/// each sees one committed current version. Read connections are pooled: opening one per point read would cost more
/// than the read.
/// </summary>
internal sealed class SqliteProjectionStore(StateStore store) : IProjectionStore, IDisposable
{
    private const int MaxPooled = 8;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];

    public Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read<IReadOnlyList<ProjectionInfo>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT p.name, p.version, (SELECT COUNT(*) FROM projection_rows r WHERE r.projection=p.name AND r.version=p.version)
                FROM projections p ORDER BY p.name
                """;
            using var reader = command.ExecuteReader();
            var list = new List<ProjectionInfo>();
            while (reader.Read())
            {
                list.Add(new ProjectionInfo(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return list;
        }));

    public Task<ProjectionRow?> GetAsync(string projection, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(key);
        return Task.FromResult(Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT r.key, r.document, r.updated_at FROM projections p
                JOIN projection_rows r ON r.projection=p.name AND r.version=p.version
                WHERE p.name=$p AND r.key=$k
                """;
            command.Parameters.AddWithValue("$p", projection);
            command.Parameters.AddWithValue("$k", key);
            using var reader = command.ExecuteReader();
            return reader.Read() ? RowOf(projection, reader) : null;
        }));
    }

    public Task<ProjectionPage> ScanAsync(string projection, string prefix, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Task.FromResult(Read(connection =>
        {
            // Keys sharing a prefix are contiguous in SQLite's binary order: start at the prefix, stop at the first key
            // without it. One row more than the page tells whether another page exists.
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT r.key, r.document, r.updated_at FROM projections p
                JOIN projection_rows r ON r.projection=p.name AND r.version=p.version
                WHERE p.name=$p AND r.key>=$prefix AND ($after IS NULL OR r.key>$after)
                ORDER BY r.key LIMIT $n
                """;
            command.Parameters.AddWithValue("$p", projection);
            command.Parameters.AddWithValue("$prefix", prefix);
            command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
            command.Parameters.AddWithValue("$n", limit + 1);
            using var reader = command.ExecuteReader();
            var rows = new List<ProjectionRow>();
            var more = false;
            while (reader.Read())
            {
                var row = RowOf(projection, reader);
                if (!row.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break;
                }

                if (rows.Count == limit)
                {
                    more = true;
                    break;
                }

                rows.Add(row);
            }

            return new ProjectionPage(rows, more ? rows[^1].Key : null);
        }));
    }

    public Task<long> CurrentVersionAsync(string projection, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Projections.CurrentProjectionVersion(projection));

    public Task WriteAsync(IReadOnlyList<ProjectionChange> changes, long? version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        store.Projections.WriteProjectionVersion(changes, version, now);
        return Task.CompletedTask;
    }

    public Task SwitchVersionAsync(string projection, long version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        store.Projections.SwitchProjectionVersion(projection, version, now);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        while (_readers.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private static ProjectionRow RowOf(string projection, SqliteDataReader reader) =>
        new(projection, reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));

    private T Read<T>(Func<SqliteConnection, T> query)
    {
        var connection = _readers.TryTake(out var pooled) ? pooled : store.OpenReadConnection();
        try
        {
            var result = query(connection);
            if (_readers.Count < MaxPooled)
            {
                _readers.Add(connection);
                connection = null;
            }

            return result;
        }
        finally
        {
            connection?.Dispose();
        }
    }
}
