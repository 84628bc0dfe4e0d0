using MicroStreams.Projections;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// Projection rows: <c>projection_rows</c> holds rows per (projection, version, key); <c>projections</c> names the current
/// version of each, the only one readers see. Live batches write the current version inside the consumer's
/// transaction; a rebuild (replay) writes a new version, then <see cref="SwitchProjectionVersion"/> makes it current.
/// </summary>
internal sealed class ProjectionRowStore(StateConnection db) : IDisposable
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS projections(
          name TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS projection_rows(
          projection TEXT NOT NULL,
          version INTEGER NOT NULL,
          key TEXT NOT NULL,
          document TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY(projection, version, key)) WITHOUT ROWID;
        """;

    // Current version per projection, kept beside the writer connection: every write and switch holds the gate.
    private readonly Dictionary<string, long> _projectionVersions = new(StringComparer.Ordinal);
    private ProjectionUpserts? _upserts;
    private readonly List<KeyValuePair<(string Projection, string Key), string?>> _orderedRows = [];
    private SqliteCommand? _deleteRow;

    /// <summary>The version live writes go to and readers see; 1 for a projection never written.</summary>
    public long CurrentProjectionVersion(string projection)
    {
        lock (db.Gate)
        {
            return CurrentVersionLocked(projection, null);
        }
    }

    /// <summary>
    /// Starts a rebuild: returns the version after the current one, emptied of rows an earlier, abandoned rebuild left.
    /// Write it with <see cref="WriteProjectionVersion"/> (or <see cref="WriteProjections"/> inside your own
    /// transaction), then call <see cref="SwitchProjectionVersion"/>.
    /// </summary>
    public long NewProjectionVersion(string projection)
    {
        lock (db.Gate)
        {
            var next = CurrentVersionLocked(projection, null) + 1;
            db.Run(null, "DELETE FROM projection_rows WHERE projection=$p AND version>=$v", ("$p", projection), ("$v", next));
            return next;
        }
    }

    /// <summary>Writes rows into <paramref name="version"/> (null: the current one) in one transaction of its own.</summary>
    public void WriteProjectionVersion(IEnumerable<ProjectionChange> changes, long? version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var rows = new Dictionary<(string, string), string?>();
        foreach (var change in changes)
        {
            rows[(change.Projection, change.Key)] = change.Document;
        }

        lock (db.Gate)
        {
            using var transaction = db.Writer.BeginTransaction();
            WriteProjections(transaction, rows, version, now);
            transaction.Commit();
        }
    }

    /// <summary>
    /// Writes coalesced rows (a null document removes the row) into <paramref name="version"/>, or each projection's
    /// current version when null. Callers hold the connection's gate and pass a transaction on the writer connection.
    /// </summary>
    internal void WriteProjections(SqliteTransaction transaction, IReadOnlyDictionary<(string Projection, string Key), string?> rows, long? version, DateTimeOffset now) =>
        WriteProjectionRows(transaction, rows, version is { } fixedVersion ? _ => fixedVersion : null, now);

    /// <summary>Writes rows (as <see cref="WriteProjections"/>) into the version <paramref name="versions"/> names for their
    /// projection, or its current version, in one transaction of its own.</summary>
    public void WriteProjectionRows(IReadOnlyDictionary<(string Projection, string Key), string?> rows, IReadOnlyDictionary<string, long> versions, DateTimeOffset now)
    {
        lock (db.Gate)
        {
            using var transaction = db.Writer.BeginTransaction();
            WriteProjectionRows(transaction, rows, VersionIn(versions), now);
            transaction.Commit();
        }
    }

    internal static Func<string, long?> VersionIn(IReadOnlyDictionary<string, long> versions) =>
        projection => versions.TryGetValue(projection, out var version) ? version : null;

    internal void WriteProjectionRows(SqliteTransaction transaction, IReadOnlyDictionary<(string Projection, string Key), string?> rows, Func<string, long?>? versionOf, DateTimeOffset now)
    {
        var upserts = _upserts ??= new ProjectionUpserts(db.Writer);
        var delete = _deleteRow ??= db.Prepare("DELETE FROM projection_rows WHERE projection=$p AND version=$v AND key=$k", "$p", "$v", "$k");
        delete.Transaction = transaction;
        string? lastProjection = null;
        long lastVersion = 0;
        // In key order, so the upserts walk the B-tree's pages once each instead of hopping between them.
        // The list is reused (callers hold the gate): a fresh array per commit would be large-object garbage.
        var ordered = _orderedRows;
        ordered.Clear();
        ordered.AddRange(rows);
        ordered.Sort(static (a, b) =>
        {
            var byProjection = string.CompareOrdinal(a.Key.Projection, b.Key.Projection);
            return byProjection != 0 ? byProjection : string.CompareOrdinal(a.Key.Key, b.Key.Key);
        });
        foreach (var ((projection, key), document) in ordered)
        {
            if (!string.Equals(projection, lastProjection, StringComparison.Ordinal))
            {
                lastProjection = projection;
                lastVersion = versionOf?.Invoke(projection) ?? CurrentVersionLocked(projection, transaction);
            }

            if (document is not null)
            {
                upserts.Upsert(projection, lastVersion, key, document, now.UtcTicks);
                continue;
            }

            delete.Parameters[0].Value = projection;
            delete.Parameters[1].Value = lastVersion;
            delete.Parameters[2].Value = key;
            delete.ExecuteNonQuery();
        }

        ordered.Clear();
    }

    /// <summary>Makes each projection's new version current inside a rebuild's switch transaction; callers hold the connection's gate
    /// and call <see cref="AdoptProjectionVersions"/> once it has committed.</summary>
    internal void SwitchProjectionVersions(SqliteTransaction transaction, IReadOnlyDictionary<string, long> versions, DateTimeOffset now)
    {
        foreach (var (projection, version) in versions)
        {
            db.Run(transaction, "INSERT INTO projections(name, version, updated_at) VALUES ($n, $v, $t) ON CONFLICT(name) DO UPDATE SET version=excluded.version, updated_at=excluded.updated_at",
                ("$n", projection), ("$v", version), ("$t", now.UtcTicks));
        }
    }

    internal void AdoptProjectionVersions(IReadOnlyDictionary<string, long> versions)
    {
        foreach (var (projection, version) in versions)
        {
            _projectionVersions[projection] = version;
        }
    }

    /// <summary>Drops every row of <paramref name="projection"/> outside the current version <paramref name="keep"/>, a slice
    /// per transaction so live commits are not held up behind a large drop.</summary>
    public void DropProjectionRows(string projection, long keep)
    {
        const int Slice = 4096;
        while (true)
        {
            lock (db.Gate)
            {
                if (CurrentVersionLocked(projection, null) != keep || OtherVersion(projection, keep) is not { } version)
                {
                    return;
                }

                // A slice is the next range of keys of one version, so the delete walks the primary key once; choosing the
                // slice's rows with IN (SELECT ... LIMIT) built a temporary index per slice and took three times as long.
                using var last = db.Writer.CreateCommand();
                last.CommandText = "SELECT key FROM projection_rows WHERE projection=$p AND version=$v ORDER BY key LIMIT 1 OFFSET $n";
                last.Parameters.AddWithValue("$p", projection);
                last.Parameters.AddWithValue("$v", version);
                last.Parameters.AddWithValue("$n", Slice - 1);
                if (last.ExecuteScalar() is string key)
                {
                    db.Run(null, "DELETE FROM projection_rows WHERE projection=$p AND version=$v AND key<=$k", ("$p", projection), ("$v", version), ("$k", key));
                }
                else
                {
                    db.Run(null, "DELETE FROM projection_rows WHERE projection=$p AND version=$v", ("$p", projection), ("$v", version));
                }
            }
        }
    }

    /// <summary>The lowest version of <paramref name="projection"/> other than <paramref name="keep"/> that has rows (two index seeks).</summary>
    private long? OtherVersion(string projection, long keep)
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = """
            SELECT COALESCE((SELECT MIN(version) FROM projection_rows WHERE projection=$p AND version<$v),
                            (SELECT MIN(version) FROM projection_rows WHERE projection=$p AND version>$v))
            """;
        command.Parameters.AddWithValue("$p", projection);
        command.Parameters.AddWithValue("$v", keep);
        return command.ExecuteScalar() as long?;
    }

    /// <summary>Drops, for every projection, the rows of each version other than the current one (at start, before any rebuild runs).</summary>
    public void DropUnseenProjectionVersions()
    {
        var current = new List<(string Name, long Version)>();
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = "SELECT name, version FROM projections";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                current.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        foreach (var (name, version) in current)
        {
            DropProjectionRows(name, version);
        }
    }

    /// <summary>Drops the rows of <paramref name="version"/> when it is a version no reader sees yet (an abandoned rebuild's).</summary>
    public void DropProjectionVersion(string projection, long version)
    {
        lock (db.Gate)
        {
            if (version > CurrentVersionLocked(projection, null))
            {
                db.Run(null, "DELETE FROM projection_rows WHERE projection=$p AND version=$v", ("$p", projection), ("$v", version));
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="version"/> current in one transaction (readers see the old rows until it commits and only
    /// the new ones after), then drops the rows of every other version.
    /// </summary>
    public void SwitchProjectionVersion(string projection, long version, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal) { [projection] = version };
        lock (db.Gate)
        {
            using (var transaction = db.Writer.BeginTransaction())
            {
                SwitchProjectionVersions(transaction, versions, now);
                transaction.Commit();
            }

            AdoptProjectionVersions(versions);
        }

        DropProjectionRows(projection, keep: version);
    }

    private long CurrentVersionLocked(string projection, SqliteTransaction? transaction)
    {
        if (_projectionVersions.TryGetValue(projection, out var version))
        {
            return version;
        }

        using var command = db.Writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM projections WHERE name=$n";
        command.Parameters.AddWithValue("$n", projection);
        if (command.ExecuteScalar() is long stored)
        {
            version = stored;
        }
        else
        {
            version = 1;
            if (transaction is not null)
            {
                // Registered in the batch's transaction: if it rolls back, the next write registers it again.
                db.Run(transaction, "INSERT OR IGNORE INTO projections(name, version, updated_at) VALUES ($n, 1, 0)", ("$n", projection));
                return version;
            }
        }

        _projectionVersions[projection] = version;
        return version;
    }

    public void Dispose()
    {
        _upserts?.Dispose();
        _deleteRow?.Dispose();
    }
}
