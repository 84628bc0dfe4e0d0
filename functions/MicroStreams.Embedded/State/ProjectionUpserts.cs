using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MicroStreams.Embedded.State;

/// <summary>
/// Upserts projection rows through one statement prepared on the writer connection's own handle, bound by index.
/// Microsoft.Data.Sqlite resolves every parameter by name and builds a data reader on each execution; at one execution
/// per row that plumbing was most of the cost of writing a batch's ~25k rows (W2 profile). Hand-written for that reason
/// over SQLitePCLRaw, the library Microsoft.Data.Sqlite itself sits on; it runs inside the connection's transaction.
/// </summary>
internal sealed class ProjectionUpserts(SqliteConnection connection) : IDisposable
{
    private const string Sql = """
        INSERT INTO projection_rows(projection, version, key, document, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT(projection, version, key) DO UPDATE SET document=excluded.document, updated_at=excluded.updated_at
        """;

    private readonly sqlite3 _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
    private sqlite3_stmt? _statement;

    public void Upsert(string projection, long version, string key, string document, long updatedAt)
    {
        var statement = _statement ??= Prepare();
        try
        {
            Check(raw.sqlite3_bind_text(statement, 1, projection));
            Check(raw.sqlite3_bind_int64(statement, 2, version));
            Check(raw.sqlite3_bind_text(statement, 3, key));
            Check(raw.sqlite3_bind_text(statement, 4, document));
            Check(raw.sqlite3_bind_int64(statement, 5, updatedAt));
            var step = raw.sqlite3_step(statement);
            if (step != raw.SQLITE_DONE)
            {
                Check(step);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    public void Dispose() => _statement?.Dispose();

    private sqlite3_stmt Prepare()
    {
        Check(raw.sqlite3_prepare_v2(_db, Sql, out var statement));
        return statement;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
