namespace MicroStreams.Projections;

/// <summary>Helpers every projection store shares, so they agree on what a batch of changes means.</summary>
public static class ProjectionChanges
{
    /// <summary>
    /// Keeps the last change of each (projection, key), in the order of their first appearance: a batch writes each row
    /// at most once (Table transactions allow an entity only once, and SQLite writes less).
    /// </summary>
    public static List<ProjectionChange> Coalesce(IReadOnlyList<ProjectionChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var last = new Dictionary<(string, string), int>(changes.Count);
        var result = new List<ProjectionChange>(changes.Count);
        foreach (var change in changes)
        {
            if (last.TryGetValue((change.Projection, change.Key), out var index))
            {
                result[index] = change;
            }
            else
            {
                last[(change.Projection, change.Key)] = result.Count;
                result.Add(change);
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="name"/> is a valid projection name: 1–63 of a–z, 0–9 and '_', starting with a letter.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 63 } && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
