using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Storage;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Replay;

/// <summary>Replays of a data folder read (and cancelled) straight from <c>state.db</c>, without opening a runtime.</summary>
public static class ReplayCatalog
{
    public static IReadOnlyList<ReplayView> List(string dataPath)
    {
        using var connection = Open(dataPath);
        return [.. StateStore.ReadReplays(connection).Select(r => ReplayJson.Read(r.View) with { Status = (ReplayStatus)r.Status })];
    }

    /// <summary>Marks a running replay to be cancelled; the process running it stops at its next batch.</summary>
    public static bool RequestCancel(string dataPath, string id)
    {
        using var connection = Open(dataPath);
        return StateStore.RequestReplayCancel(connection, id);
    }

    private static Microsoft.Data.Sqlite.SqliteConnection Open(string dataPath)
    {
        var connection = SqliteFile.Open(Path.Combine(dataPath, "state.db"), Durability.Full);
        SqliteFile.Execute(connection, StateStore.ReplaySchema);
        return connection;
    }
}
