using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Storage;

/// <summary>
/// Checkpoints a database's write-ahead log from a connection of its own, beside the writer, so that the writer's
/// commits do not carry the checkpoint (copying the log's pages into the database file and syncing it). With SQLite's
/// automatic checkpoint, the commit that took the log past 1,000 pages did that work inline, and every commit queued
/// behind it waited. A PASSIVE checkpoint waits for neither the writer nor the readers, and does nothing when every
/// page is already copied. The writer keeps an automatic checkpoint at <see cref="BackstopPages"/>, for when this one
/// falls behind.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>Where the writer's own automatic checkpoint still runs: far beyond what this one lets the log grow to.</summary>
    public const int BackstopPages = 16_384;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly SqliteConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts checkpointing <paramref name="path"/>, whose writer <paramref name="writer"/> stops checkpointing until the backstop.</summary>
    public WalCheckpointer(string path, Durability durability, SqliteConnection writer)
    {
        SqliteFile.Execute(writer, $"PRAGMA wal_autocheckpoint={BackstopPages};");

        // The checkpointing connection's synchronous setting decides whether the checkpoint syncs: the writer's.
        _connection = SqliteFile.Open(path, durability);
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        // Operational pacing on real time (not the runtime's TimeProvider, which a test may hold still).
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    SqliteFile.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE);");
                }
                catch (SqliteException)
                {
                    // A full disk or an I/O error: the writer's backstop checkpoint still runs, and the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _connection.Dispose();
        _stop.Dispose();
    }
}
