using MicroStreams.DeadLetters;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    /// <summary>The worker's effects in the outbox (pending, delivered or given up), newest first.</summary>
    public List<EffectView> EffectsOf(WorkerId worker, int limit)
    {
        using var connection = OpenReadConnection();
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
    public Dictionary<(string Processor, EffectStatus Status), long> EffectCounts()
    {
        using var connection = OpenReadConnection();
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

    /// <summary>How many dead letters there are by kind and status.</summary>
    public Dictionary<(DeadLetterKind Kind, DeadLetterStatus Status), long> DeadLetterCounts()
    {
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, status, COUNT(*) FROM dead_letters GROUP BY kind, status";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(DeadLetterKind, DeadLetterStatus), long>();
        while (reader.Read())
        {
            counts[((DeadLetterKind)reader.GetInt32(0), (DeadLetterStatus)reader.GetInt32(1))] = reader.GetInt64(2);
        }

        return counts;
    }

    public DeadLetter? DeadLetterById(long id)
    {
        using var connection = OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DeadLetterColumns} FROM dead_letters WHERE id=$id";
        command.Parameters.AddWithValue("$id", id);
        return ReadDeadLetters(command) is [var letter] ? letter : null;
    }
}
