using MicroStreams.Embedded;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Examples.Embedded.Tenants;

/// <summary>
/// The tenant store in <c>state.db</c> (table <c>tenant_destinations</c>, one row per tenant, its destinations as JSON).
/// It has its own connection because the push processor needs the tenants before the runtime that owns the state
/// store can be built; edits are rare, so sharing the file's write lock with the consumers costs them nothing measurable.
/// </summary>
public sealed class SqliteTenantStore : ITenantStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tenant_destinations(
          tenant TEXT PRIMARY KEY,
          destinations TEXT NOT NULL,
          updated_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    private SqliteTenantStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (or creates) <c>state.db</c> in <paramref name="dataPath"/> and its tenant table.</summary>
    public static SqliteTenantStore Open(string dataPath, Durability durability = Durability.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        Directory.CreateDirectory(dataPath);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, "state.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();

            // The runtime's own settings for state.db (the store may create the file before the runtime opens it).
            command.CommandText = $"PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous={(durability == Durability.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=10000;" + Schema;
            command.ExecuteNonQuery();
            return new SqliteTenantStore(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public Task<IReadOnlyList<TenantDestinations>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT tenant, destinations, updated_at FROM tenant_destinations ORDER BY tenant";
            using var reader = command.ExecuteReader();
            var tenants = new List<TenantDestinations>();
            while (reader.Read())
            {
                tenants.Add(Read(reader));
            }

            return Task.FromResult<IReadOnlyList<TenantDestinations>>(tenants);
        }
    }

    public Task<TenantDestinations?> GetAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT tenant, destinations, updated_at FROM tenant_destinations WHERE tenant=$t";
            command.Parameters.AddWithValue("$t", tenant);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? Read(reader) : null);
        }
    }

    public Task<bool> PutAsync(string tenant, IReadOnlyList<Destination> destinations, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(destinations);
        cancellationToken.ThrowIfCancellationRequested();
        var json = TenantJson.SerializeDestinations(destinations);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var exists = _connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT 1 FROM tenant_destinations WHERE tenant=$t";
            exists.Parameters.AddWithValue("$t", tenant);
            var created = exists.ExecuteScalar() is null;
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO tenant_destinations(tenant, destinations, updated_at) VALUES($t, $d, $u)
                ON CONFLICT(tenant) DO UPDATE SET destinations=excluded.destinations, updated_at=excluded.updated_at
                """;
            upsert.Parameters.AddWithValue("$t", tenant);
            upsert.Parameters.AddWithValue("$d", json);
            upsert.Parameters.AddWithValue("$u", now.UtcTicks);
            upsert.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(created);
        }
    }

    public Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM tenant_destinations WHERE tenant=$t";
            command.Parameters.AddWithValue("$t", tenant);
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private static TenantDestinations Read(SqliteDataReader reader) =>
        new(reader.GetString(0), TenantJson.DeserializeDestinations(reader.GetString(1)), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
}
