using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    /// <summary>Pending effects whose next attempt is due, oldest first.</summary>
    public List<OutboxEntry> DueEffects(DateTimeOffset now, int limit)
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT id, partition, processor, key, channel, target, payload, created_at, expires_at, attempts, trace_parent, ingested_at
                FROM outbox WHERE status=0 AND next_attempt_at <= $now ORDER BY next_attempt_at, created_at LIMIT $limit
                """;
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
                entries.Add(new OutboxEntry(effect, reader.GetInt32(1), new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero), reader.GetInt32(9)));
            }

            return entries;
        }
    }

    public DateTimeOffset? NextEffectDue()
    {
        lock (Gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT MIN(next_attempt_at) FROM outbox WHERE status=0";
            return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    public void MarkDelivered(IReadOnlyList<string> ids, DateTimeOffset now)
    {
        lock (Gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE outbox SET status=1, delivered_at=$t, attempts=attempts+1, last_error=NULL WHERE id=$id";
            update.Parameters.AddWithValue("$t", now.UtcTicks);
            var id = update.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
            foreach (var effectId in ids)
            {
                id.Value = effectId;
                update.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Backs off the whole destination (its virtual queue), not just the failed effect, so it cannot starve others.</summary>
    public void BackOff(OutboxEntry failed, string error, DateTimeOffset until)
    {
        lock (Gate)
        {
            using var transaction = _connection.BeginTransaction();
            Run(transaction, "UPDATE outbox SET attempts=attempts+1, last_error=$e, next_attempt_at=$until WHERE id=$id",
                ("$id", failed.Effect.Id), ("$e", error), ("$until", until.UtcTicks));
            Run(transaction, "UPDATE outbox SET next_attempt_at=$until WHERE status=0 AND channel=$c AND target=$t AND next_attempt_at < $until",
                ("$c", failed.Effect.Channel), ("$t", failed.Effect.Target), ("$until", until.UtcTicks));
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
        lock (Gate)
        {
            using var transaction = _connection.BeginTransaction();
            Run(transaction, "UPDATE outbox SET status=2, attempts=attempts+1, last_error=$e WHERE id=$id", ("$id", entry.Effect.Id), ("$e", reason));
            WriteDeadLetters(transaction, [new DeadLetter
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
}
