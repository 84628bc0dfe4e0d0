using MicroStreams.Effects;
using MicroStreams.Embedded.Dashboard;
using Microsoft.Data.Sqlite;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.State;

/// <summary>Reads of the <c>outbox</c> (owned by <see cref="OutboxStore"/>) on connections of their own, beside the writer:
/// the dashboard's pages, queues and counts, and the effects a shadow compares with.</summary>
internal sealed class OutboxReads(StateConnection db)
{
    private const string OutboxColumns = "rowid, id, processor, key, partition, channel, target, status, attempts, created_at, next_attempt_at, expires_at, delivered_at, last_error, payload";

    private static readonly string PendingFirstAttempt = $"status={(int)EffectStatus.Pending} AND attempts=0";
    private static readonly string PendingRetrying = $"status={(int)EffectStatus.Pending} AND attempts>0";
    private static readonly string Delivered = $"status={(int)EffectStatus.Delivered}";
    private static readonly string GivenUp = $"status={(int)EffectStatus.Undeliverable}";
    private static readonly string DestinationQueuesSql = $"""
        SELECT channel, target, COUNT(*), SUM(attempts > 0), MAX(attempts), MIN(created_at), MIN(next_attempt_at)
        FROM outbox WHERE status={(int)EffectStatus.Pending} GROUP BY channel, target ORDER BY COUNT(*) DESC, channel, target LIMIT 500
        """;

    /// <summary>The worker's effects in the outbox (pending, delivered or given up), newest first.</summary>
    public List<EffectView> EffectsOf(WorkerId worker, int limit)
    {
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, channel, target, payload, created_at, status, attempts, last_error, delivered_at
            FROM outbox WHERE processor=$proc AND key=$key ORDER BY created_at DESC, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$proc", worker.Processor);
        command.Parameters.AddWithValue("$key", worker.Key);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var effects = new List<EffectView>();
        while (reader.Read())
        {
            effects.Add(new EffectView(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                (EffectStatus)reader.GetInt32(5),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero)));
        }

        return effects;
    }

    /// <summary>How many effects each processor has in the outbox, by delivery status.</summary>
    public Dictionary<(string Processor, EffectStatus Status), long> Counts()
    {
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT processor, status, COUNT(*) FROM outbox GROUP BY processor, status";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(string, EffectStatus), long>();
        while (reader.Read())
        {
            counts[(reader.GetString(0), (EffectStatus)reader.GetInt32(1))] = reader.GetInt64(2);
        }

        return counts;
    }

    /// <summary>
    /// Every effect the live generation of <paramref name="processor"/> decided in <paramref name="partition"/> (pending,
    /// delivered or given up), created at or after <paramref name="since"/> when given: what a shadow compares with.
    /// </summary>
    public List<Effect> Decided(string processor, int partition, DateTimeOffset? since)
    {
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, key, channel, target, payload, created_at
            FROM outbox WHERE processor=$proc AND partition=$partition AND created_at >= $since
            """;
        command.Parameters.AddWithValue("$proc", processor);
        command.Parameters.AddWithValue("$partition", partition);
        command.Parameters.AddWithValue("$since", since?.UtcTicks ?? long.MinValue);
        using var reader = command.ExecuteReader();
        var effects = new List<Effect>();
        while (reader.Read())
        {
            effects.Add(new Effect(
                reader.GetString(0),
                new WorkerId(processor, reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
        }

        return effects;
    }

    /// <summary>Effects matching <paramref name="query"/>, newest first, keyset-paged on the outbox's row id.</summary>
    public List<OutboxEffect> Page(EffectQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = db.OpenReader();
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
            EffectState.Pending => PendingFirstAttempt,
            EffectState.Retrying => PendingRetrying,
            EffectState.Delivered => Delivered,
            EffectState.GivenUp => GivenUp,
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
    public List<DestinationQueue> DestinationQueues(DateTimeOffset now)
    {
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = DestinationQueuesSql;
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
