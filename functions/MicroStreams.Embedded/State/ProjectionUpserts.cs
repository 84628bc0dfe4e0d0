using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>Upserts projection rows through one <see cref="RawStatement"/> on the writer connection.</summary>
internal sealed class ProjectionUpserts(SqliteConnection connection) : IDisposable
{
    private readonly RawStatement _upsert = new(connection, """
        INSERT INTO projection_rows(projection, version, key, document, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT(projection, version, key) DO UPDATE SET document=excluded.document, updated_at=excluded.updated_at
        """);

    public void Upsert(string projection, long version, string key, string document, long updatedAt) =>
        _upsert.Text(1, projection).Integer(2, version).Text(3, key).Text(4, document).Integer(5, updatedAt).Execute();

    public void Dispose() => _upsert.Dispose();
}
