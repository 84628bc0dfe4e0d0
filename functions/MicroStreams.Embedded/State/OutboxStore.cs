using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Workers;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.State;

/// <summary>
/// The <c>outbox</c> table: effects committed with the batch that decided them, then delivered by the delivery loop
/// (<see cref="EffectStatus"/>, stored as its number). Reads for the dashboard and for shadows are in <see cref="OutboxReads"/>.
/// </summary>
internal sealed class OutboxStore(StateConnection db, DeadLetterStore deadLetters)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS outbox(
          id TEXT NOT NULL,
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
        """;

    // No index on id: effect ids are hashes, so an index on them puts every insert on a random page, and the
    // consumers' commit wrote several times the pages of the rows themselves. Delivery addresses a row by its row id
    // (OutboxEntry.Sequence); an id is decided once, in the commit that applies its event (a state.db created before
    // this keeps its old primary key, which costs speed but changes nothing else).

    /// <summary>Columns added after the first release.</summary>
    public static readonly (string Table, string Column, string Type)[] Added = [("outbox", "trace_parent", "TEXT"), ("outbox", "ingested_at", "INTEGER")];

    private const int Pending = (int)EffectStatus.Pending;

    /// <summary>Reads beside the writer, for the dashboard and for shadows.</summary>
    public OutboxReads Reads { get; } = new(db);

    /// <summary>Raised inside the consumer's commit, right after it is durable, with the effects it newly stored.</summary>
    public event Action<IReadOnlyList<OutboxEntry>>? Stored;

    /// <summary>The writer's lock: held, no commit can store an effect (the delivery reads and claims atomically under it).</summary>
    public Lock Gate => db.Gate;

    private static readonly string DueSql = $"""
        SELECT id, partition, processor, key, channel, target, payload, created_at, expires_at, attempts, trace_parent, ingested_at, rowid
        FROM outbox WHERE status={Pending} AND next_attempt_at <= $now ORDER BY next_attempt_at, rowid LIMIT $limit
        """;

    private const string InsertSql = """
        INSERT INTO outbox(id, partition, processor, key, channel, target, payload, created_at, expires_at, next_attempt_at, trace_parent, ingested_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        """;

    private static readonly string NextDueAfterSql = $"SELECT MIN(next_attempt_at) FROM outbox WHERE status={Pending} AND next_attempt_at > $now";
    private static readonly string DeliveredSql = $"UPDATE outbox SET status={(int)EffectStatus.Delivered}, delivered_at=?1, attempts=attempts+1, last_error=NULL WHERE rowid=?2";
    private static readonly string BackOffDestinationSql = $"UPDATE outbox SET next_attempt_at=$until WHERE status={Pending} AND channel=$c AND target=$t AND next_attempt_at < $until";
    private static readonly string UndeliverableSql = $"UPDATE outbox SET status={(int)EffectStatus.Undeliverable}, attempts=attempts+1, last_error=$e WHERE rowid=$row";

    /// <summary>Pending effects whose next attempt is due, oldest first.</summary>
    public List<OutboxEntry> Due(DateTimeOffset now, int limit)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = DueSql;
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
            {
                var effect = new Effect(
                    reader.GetString(0),
                    new WorkerId(reader.GetString(2), reader.GetString(3)),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero))
                {
                    TraceParent = reader.IsDBNull(10) ? null : reader.GetString(10),
                    IngestedAt = reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
                };
                entries.Add(new OutboxEntry(effect, reader.GetInt32(1), new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero), reader.GetInt32(9), reader.GetInt64(12)));
            }

            return entries;
        }
    }

    /// <summary>When the first pending effect not yet due at <paramref name="now"/> becomes due (a backed-off one).</summary>
    public DateTimeOffset? NextDueAfter(DateTimeOffset now)
    {
        lock (db.Gate)
        {
            using var command = db.Writer.CreateCommand();
            command.CommandText = NextDueAfterSql;
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    public void MarkDelivered(IReadOnlyList<OutboxEntry> delivered, DateTimeOffset now)
    {
        lock (db.Gate)
        {
            using var transaction = db.Writer.BeginTransaction();
            var update = db.Kept(DeliveredSql);
            foreach (var entry in delivered)
            {
                update.Integer(1, now.UtcTicks).Integer(2, entry.Sequence).Execute();
            }

            transaction.Commit();
        }
    }

    /// <summary>Backs off the whole destination (its virtual queue), not just the failed effect, so it cannot starve others.</summary>
    public void BackOff(OutboxEntry failed, string error, DateTimeOffset until)
    {
        lock (db.Gate)
        {
            using var transaction = db.Writer.BeginTransaction();
            db.Run(transaction, "UPDATE outbox SET attempts=attempts+1, last_error=$e, next_attempt_at=$until WHERE rowid=$row",
                ("$row", failed.Sequence), ("$e", error), ("$until", until.UtcTicks));
            db.Run(transaction, BackOffDestinationSql, ("$c", failed.Effect.Channel), ("$t", failed.Effect.Target), ("$until", until.UtcTicks));
            transaction.Commit();
        }
    }

    /// <summary>Moves pending effects to the end of their destination's backoff.</summary>
    public void Defer(IReadOnlyList<(OutboxEntry Entry, DateTimeOffset Until)> effects)
    {
        lock (db.Gate)
        {
            using var transaction = db.Writer.BeginTransaction();
            foreach (var (entry, until) in effects)
            {
                db.Run(transaction, $"UPDATE outbox SET next_attempt_at=$until WHERE rowid=$row AND status={Pending}", ("$row", entry.Sequence), ("$until", until.UtcTicks));
            }

            transaction.Commit();
        }
    }

    /// <summary>Gives up on an effect: it leaves the outbox and enters the dead-letter store, in one transaction.</summary>
    public void MarkUndeliverable(OutboxEntry entry, string reason, DateTimeOffset now)
    {
        var raw = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = entry.Effect.Id,
            channel = entry.Effect.Channel,
            target = entry.Effect.Target,
            createdAt = entry.Effect.CreatedAt,
            payload = JsonDocument.Parse(entry.Effect.Payload).RootElement,
        });
        lock (db.Gate)
        {
            using var transaction = db.Writer.BeginTransaction();
            db.Run(transaction, UndeliverableSql, ("$row", entry.Sequence), ("$e", reason));
            deadLetters.Write(transaction, [new DeadLetter
            {
                Kind = DeadLetterKind.EffectUndeliverable,
                Partition = entry.Partition,
                Sequence = 0,
                Processor = entry.Effect.Worker.Processor,
                Key = entry.Effect.Worker.Key,
                EventId = entry.Effect.Id,
                EventType = entry.Effect.Channel,
                Reason = reason,
                Attempts = entry.Attempts + 1,
                Raw = raw,
                CreatedAt = now,
            }]);
            transaction.Commit();
        }
    }

    /// <summary>Inside a consumer commit: the batch's effects, pending. Returns them with their row ids.</summary>
    internal List<OutboxEntry> Write(SqliteTransaction transaction, PartitionCommit commit, DateTimeOffset now)
    {
        _ = transaction;
        var stored = new List<OutboxEntry>(commit.Effects.Count);
        var insert = db.Kept(InsertSql);
        foreach (var effect in commit.Effects)
        {
            // Max age counts from when the effect was committed: CreatedAt is event time, which may lie far in the past.
            var expiresAt = now + (effect.MaxAge ?? commit.DefaultEffectMaxAge);
            insert.Text(1, effect.Id).Integer(2, commit.Partition).Text(3, effect.Worker.Processor).Text(4, effect.Worker.Key)
                .Text(5, effect.Channel).Text(6, effect.Target).Text(7, effect.Payload).Integer(8, effect.CreatedAt.UtcTicks)
                .Integer(9, expiresAt.UtcTicks).Integer(10, now.UtcTicks);
            if (effect.TraceParent is { } traceParent)
            {
                insert.Text(11, traceParent);
            }

            if (effect.IngestedAt is { } ingestedAt)
            {
                insert.Integer(12, ingestedAt.UtcTicks);
            }

            insert.Execute();
            stored.Add(new OutboxEntry(effect, commit.Partition, expiresAt, 0, SQLitePCL.raw.sqlite3_last_insert_rowid(db.Writer.Handle)));
        }

        return stored;
    }

    /// <summary>Tells the delivery about a commit's newly stored effects; called holding <see cref="Gate"/>, after the commit.</summary>
    internal void Announce(List<OutboxEntry> stored)
    {
        if (stored.Count > 0)
        {
            Stored?.Invoke(stored);
        }
    }
}
