using MicroStreams.Effects;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.State;

/// <summary>Reads of the <c>outbox</c> (owned by <see cref="OutboxStore"/>) on connections of their own, beside the writer:
/// a worker's effects and the counts for the dashboard, and the effects a shadow compares with.</summary>
internal sealed class OutboxReads(StateConnection db)
{
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
}
