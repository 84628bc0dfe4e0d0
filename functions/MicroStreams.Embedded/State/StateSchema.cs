namespace MicroStreams.Embedded.State;

/// <summary>The tables of <c>state.db</c>: everything a consumer commits atomically with its checkpoint.</summary>
internal static class StateSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS checkpoints(
          partition INTEGER PRIMARY KEY,
          sequence INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          fired_until INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS worker_snapshots(
          processor TEXT NOT NULL,
          key TEXT NOT NULL,
          partition INTEGER NOT NULL,
          body BLOB NOT NULL,
          PRIMARY KEY(processor, key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS worker_snapshots_partition ON worker_snapshots(partition);
        CREATE TABLE IF NOT EXISTS worker_changes(
          id INTEGER PRIMARY KEY,
          partition INTEGER NOT NULL,
          body BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS worker_changes_partition ON worker_changes(partition, id);
        CREATE TABLE IF NOT EXISTS outbox(
          id TEXT PRIMARY KEY,
          partition INTEGER NOT NULL,
          processor TEXT NOT NULL,
          key TEXT NOT NULL,
          channel TEXT NOT NULL,
          target TEXT NOT NULL,
          payload TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          next_attempt_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          status INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          delivered_at INTEGER,
          trace_parent TEXT,
          ingested_at INTEGER);
        CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_at);
        CREATE INDEX IF NOT EXISTS outbox_worker ON outbox(processor, key);
        CREATE TABLE IF NOT EXISTS dead_letters(
          id INTEGER PRIMARY KEY,
          kind INTEGER NOT NULL,
          partition INTEGER NOT NULL,
          sequence INTEGER NOT NULL,
          processor TEXT,
          key TEXT,
          event_id TEXT,
          event_type TEXT,
          reason TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          raw BLOB NOT NULL,
          created_at INTEGER NOT NULL,
          status INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS dead_letters_worker ON dead_letters(processor, key, status, id);
        CREATE INDEX IF NOT EXISTS dead_letters_status ON dead_letters(status, id);
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

    /// <summary>Columns added after the first release, for a <c>state.db</c> created before them (SQLite has no ADD COLUMN IF NOT EXISTS).</summary>
    public static readonly (string Table, string Column, string Type)[] Added = [("outbox", "trace_parent", "TEXT"), ("outbox", "ingested_at", "INTEGER"), ("checkpoints", "fired_until", "INTEGER NOT NULL DEFAULT 0")];

    /// <summary>
    /// The push tenants' destinations, edited through the admin routes (<c>Tenants/SqliteTenantStore</c>). Not part of
    /// <see cref="Create"/>: the tenant store opens <c>state.db</c> before the runtime does, and creates only this table.
    /// </summary>
    public const string Tenants = """
        CREATE TABLE IF NOT EXISTS tenant_destinations(
          tenant TEXT PRIMARY KEY,
          destinations TEXT NOT NULL,
          updated_at INTEGER NOT NULL) WITHOUT ROWID;
        """;
}
