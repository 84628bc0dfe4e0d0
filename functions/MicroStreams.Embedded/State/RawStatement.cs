using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MicroStreams.Embedded.State;

/// <summary>
/// One statement prepared on the connection's own handle, bound by index and run once per row, inside whatever
/// transaction the connection has open. For the writes of tens of thousands of rows (a batch's projection rows, a
/// rebuilt generation's snapshot): Microsoft.Data.Sqlite resolves every parameter by name and builds a data reader on
/// each execution, and at one execution per row that plumbing was most of the cost (W2 profile). Hand-written for that
/// reason over SQLitePCLRaw, the library Microsoft.Data.Sqlite itself sits on.
/// </summary>
internal sealed class RawStatement(SqliteConnection connection, string sql) : IDisposable
{
    private readonly sqlite3 _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
    private sqlite3_stmt? _statement;

    public RawStatement Text(int index, string value) => Bind(raw.sqlite3_bind_text(Statement, index, value));

    public RawStatement Integer(int index, long value) => Bind(raw.sqlite3_bind_int64(Statement, index, value));

    public RawStatement Blob(int index, ReadOnlySpan<byte> value) => Bind(raw.sqlite3_bind_blob(Statement, index, value));

    /// <summary>Runs the statement with the values bound since the last run, then clears them; returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var step = raw.sqlite3_step(Statement);
            if (step != raw.SQLITE_DONE)
            {
                Check(step);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(Statement);
            raw.sqlite3_clear_bindings(Statement);
        }
    }

    public void Dispose() => _statement?.Dispose();

    private sqlite3_stmt Statement => _statement ??= Prepare();

    private sqlite3_stmt Prepare()
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
    }

    private RawStatement Bind(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            raw.sqlite3_reset(Statement);
            raw.sqlite3_clear_bindings(Statement);
            Check(result);
        }

        return this;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
