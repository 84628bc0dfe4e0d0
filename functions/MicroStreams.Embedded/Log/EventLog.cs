using System.Threading.Channels;
using MicroStreams.Embedded.Storage;
using MicroStreams.Events;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Log;

/// <summary>
/// The partitioned, durable log in <c>log.db</c>. Appends from any number of callers are gathered by one writer
/// into a single transaction (group commit) and acknowledged only after it commits.
/// </summary>
public sealed partial class EventLog : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _writer;
    private readonly long[] _heads;
    private readonly DedupeWindow _dedupe;
    private readonly TimeProvider _time;
    private readonly Task _writerLoop;
    private readonly string _path;
    private readonly WalCheckpointer _checkpointer;
    private readonly Durability _durability;

    public EventLog(string path, int partitions, Durability durability, int dedupeWindow, TimeProvider time)
    {
        _path = path;
        _durability = durability;
        _time = time;
        _writer = SqliteFile.Open(path, durability);
        // The writer only appends: new segment pages and the tail of a small index. A 2 MiB page cache holds all it
        // touches; the 16 MiB default of the other writers would only keep written pages resident (RSS) for nothing.
        SqliteFile.Execute(_writer, "PRAGMA cache_size=-2048;");
        SqliteFile.Execute(_writer, """
            CREATE TABLE IF NOT EXISTS segments(
              id INTEGER PRIMARY KEY,
              partition INTEGER NOT NULL,
              first_seq INTEGER NOT NULL,
              count INTEGER NOT NULL,
              appended_at INTEGER NOT NULL,
              body BLOB NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS segments_position ON segments(partition, first_seq);
            CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
        try
        {
            Partitions = CheckPartitionCount(partitions);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        _heads = LoadHeads(Partitions);
        _dedupe = new DedupeWindow(dedupeWindow);
        RefillDedupeWindow(dedupeWindow);
        _checkpointer = new WalCheckpointer(path, durability, _writer);
        _writerLoop = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public int Partitions { get; }

    /// <summary>Raised on the writer after a commit, with each partition that received records.</summary>
    public event Action<int>? Appended;

    /// <summary>The sequence of the last record in <paramref name="partition"/> (0 when empty). Sequences start at 1.</summary>
    public long Head(int partition) => Volatile.Read(ref _heads[partition]);

    /// <summary>Appends all items in one transaction, shared with concurrent callers; completes once durable.</summary>
    public Task<AppendReceipt> AppendAsync(IReadOnlyList<AppendItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(item.Partition);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item.Partition, Partitions);
        }

        var pending = new PendingAppend(items);
        ObjectDisposedException.ThrowIf(!_pending.Writer.TryWrite(pending), this);

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A reader for one consumer; SQLite connections are not shared between threads.</summary>
    public LogReader OpenReader() => new(SqliteFile.Open(_path, _durability, readOnly: true));

    /// <summary>Deletes segments of <paramref name="partition"/> that end at or before <paramref name="consumedThrough"/> and were appended before <paramref name="olderThan"/>.</summary>
    public int DeleteConsumed(int partition, long consumedThrough, DateTimeOffset olderThan)
    {
        lock (_writer)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "DELETE FROM segments WHERE partition=$p AND first_seq + count - 1 <= $seq AND appended_at < $before";
            command.Parameters.AddWithValue("$p", partition);
            command.Parameters.AddWithValue("$seq", consumedThrough);
            command.Parameters.AddWithValue("$before", olderThan.UtcTicks);
            return command.ExecuteNonQuery();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writerLoop;
        _checkpointer.Dispose();
        _writer.Dispose();
    }

    private int CheckPartitionCount(int requested)
    {
        var stored = SqliteFile.Scalar<string>(_writer, "SELECT value FROM meta WHERE name='partitions'");
        if (stored is null)
        {
            SqliteFile.Execute(_writer, $"INSERT INTO meta(name, value) VALUES ('partitions', '{requested}')");
            return requested;
        }

        var existing = int.Parse(stored, System.Globalization.CultureInfo.InvariantCulture);
        return existing == requested
            ? existing
            : throw new InvalidOperationException($"the log in {_path} has {existing} partitions but {requested} were configured; the partition count is fixed once data exists");
    }

    private long[] LoadHeads(int partitions)
    {
        var heads = new long[partitions];
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT partition, MAX(first_seq + count - 1) FROM segments GROUP BY partition";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            heads[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return heads;
    }

    private sealed class PendingAppend(IReadOnlyList<AppendItem> items)
    {
        public IReadOnlyList<AppendItem> Items { get; } = items;
        public TaskCompletionSource<AppendReceipt> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
