using MicroStreams.DeadLetters;
using MicroStreams.Events;

namespace MicroStreams.Embedded.State;

/// <summary>Reads of <c>dead_letters</c> (owned by <see cref="DeadLetterStore"/>) on connections of their own, beside the writer.</summary>
internal sealed class DeadLetterReads(StateConnection db)
{
    public DeadLetter? ById(long id)
    {
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DeadLetterStore.Columns} FROM dead_letters WHERE id=$id";
        command.Parameters.AddWithValue("$id", id);
        return DeadLetterStore.Read(command) is [var letter] ? letter : null;
    }

    /// <summary>How many dead letters there are by kind and status.</summary>
    public Dictionary<(DeadLetterKind Kind, DeadLetterStatus Status), long> Counts()
    {
        using var connection = db.OpenReader();
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

    /// <summary>Dead letters, newest first, optionally filtered, with keyset paging on id.</summary>
    public List<DeadLetter> List(DeadLetterQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Filter(string column, string name, object? value)
        {
            if (value is not null)
            {
                where.Add($"{column} = {name}");
                command.Parameters.AddWithValue(name, value);
            }
        }

        Filter("processor", "$proc", query.Processor);
        Filter("key", "$key", query.Key);
        Filter("kind", "$kind", query.Kind is { } kind ? (int)kind : null);
        Filter("status", "$status", query.Status is { } status ? (int)status : null);
        if (query.BeforeId is { } before)
        {
            where.Add("id < $before");
            command.Parameters.AddWithValue("$before", before);
        }

        command.CommandText = $"SELECT {DeadLetterStore.Columns} FROM dead_letters {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)} ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 1000));
        return DeadLetterStore.Read(command);
    }

    /// <summary>The latest dead letter of the worker for the event at <paramref name="position"/>, if any.</summary>
    public DeadLetter? At(string processor, string key, EventPosition position)
    {
        using var connection = db.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DeadLetterStore.Columns} FROM dead_letters WHERE processor=$proc AND key=$key AND partition=$p AND sequence=$seq ORDER BY id DESC LIMIT 1";
        command.Parameters.AddWithValue("$proc", processor);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$p", position.Partition);
        command.Parameters.AddWithValue("$seq", position.Sequence);
        return DeadLetterStore.Read(command) is [var letter] ? letter : null;
    }
}
