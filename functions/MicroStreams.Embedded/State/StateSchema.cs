namespace MicroStreams.Embedded.State;

/// <summary>The schema of the one table in <c>state.db</c> that the state stores do not own (each of them declares its own).</summary>
internal static class StateSchema
{
    /// <summary>
    /// The push tenants' destinations, edited through the admin routes and owned by <c>Tenants/SqliteTenantStore</c>, which
    /// opens <c>state.db</c> before the runtime does and creates only this table.
    /// </summary>
    public const string Tenants = """
        CREATE TABLE IF NOT EXISTS tenant_destinations(
          tenant TEXT PRIMARY KEY,
          destinations TEXT NOT NULL,
          updated_at INTEGER NOT NULL) WITHOUT ROWID;
        """;
}
