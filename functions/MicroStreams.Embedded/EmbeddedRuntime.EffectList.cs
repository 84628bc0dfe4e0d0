using MicroStreams.Embedded.Dashboard;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded;

/// <summary>The dashboard's effects view: every worker's effects from the outbox, a page at a time, and the queue per destination.</summary>
public sealed partial class EmbeddedRuntime
{
    private const string OutboxColumns = "rowid, id, processor, key, partition, channel, target, status, attempts, created_at, next_attempt_at, expires_at, delivered_at, last_error, payload";

    /// <summary>Effects matching <paramref name="query"/>, newest first, keyset-paged on the outbox's row id.</summary>
    public IReadOnlyList<OutboxEffect> Effects(EffectQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = _store.OpenReadConnection();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(condition);
                command.Parameters.AddWithValue(name, value);
            }
        }

        where.Add(query.State switch
        {
            EffectState.Pending => "status=0 AND attempts=0",
            EffectState.Retrying => "status=0 AND attempts>0",
            EffectState.Delivered => "status=1",
            EffectState.GivenUp => "status=2",
            _ => "1=1",
        });
        Filter("processor=$proc", "$proc", query.Processor);
        Filter("target=$target", "$target", query.Target);
        Filter("rowid<$before", "$before", query.Before);
        command.CommandText = $"SELECT {OutboxColumns} FROM outbox WHERE {string.Join(" AND ", where)} ORDER BY rowid DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 500));
        using var reader = command.ExecuteReader();
        var effects = new List<OutboxEffect>();
        while (reader.Read())
        {
            effects.Add(ReadEffect(reader));
        }

        return effects;
    }

    /// <summary>Pending effects per destination (channel and target), most waiting first; read through the outbox's due index.</summary>
    public IReadOnlyList<DestinationQueue> DestinationQueues()
    {
        var now = Time.GetUtcNow();
        using var connection = _store.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT channel, target, COUNT(*), SUM(attempts > 0), MAX(attempts), MIN(created_at), MIN(next_attempt_at)
            FROM outbox WHERE status=0 GROUP BY channel, target ORDER BY COUNT(*) DESC, channel, target LIMIT 500
            """;
        using var reader = command.ExecuteReader();
        var queues = new List<DestinationQueue>();
        while (reader.Read())
        {
            var next = Ticks(reader.GetInt64(6));
            queues.Add(new DestinationQueue(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4),
                Ticks(reader.GetInt64(5)), next, next > now ? next - now : TimeSpan.Zero));
        }

        return queues;
    }

    private static OutboxEffect ReadEffect(SqliteDataReader reader)
    {
        var status = (EffectStatus)reader.GetInt32(7);
        var attempts = reader.GetInt32(8);
        var state = status switch
        {
            EffectStatus.Delivered => EffectState.Delivered,
            EffectStatus.Undeliverable => EffectState.GivenUp,
            _ => attempts > 0 ? EffectState.Retrying : EffectState.Pending,
        };
        return new OutboxEffect(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
            reader.GetString(5), reader.GetString(6), state, attempts, Ticks(reader.GetInt64(9)),
            status == EffectStatus.Pending ? Ticks(reader.GetInt64(10)) : null, Ticks(reader.GetInt64(11)),
            reader.IsDBNull(12) ? null : Ticks(reader.GetInt64(12)), reader.IsDBNull(13) ? null : reader.GetString(13), reader.GetString(14));
    }

    private static DateTimeOffset Ticks(long ticks) => new(ticks, TimeSpan.Zero);
}
