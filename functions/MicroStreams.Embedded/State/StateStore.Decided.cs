using MicroStreams.Effects;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.State;

internal sealed partial class StateStore
{
    /// <summary>
    /// Every effect the live generation of <paramref name="processor"/> decided in <paramref name="partition"/> (pending,
    /// delivered or given up), created at or after <paramref name="since"/> when given: what a shadow compares with.
    /// </summary>
    public List<Effect> EffectsDecided(string processor, int partition, DateTimeOffset? since)
    {
        using var connection = OpenReadConnection();
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
