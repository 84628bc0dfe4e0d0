using System.Buffers.Binary;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Storage;
using MicroStreams.Events;
using MicroStreams.Routing;
using MicroStreams.Workers;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Inspection;

/// <summary>
/// The latest log positions routed to each worker (at most <see cref="PerWorker"/>), kept in <c>&lt;data&gt;/recent.db</c>
/// by a pass over the log that follows ingest off the consumers' path (<see cref="CatchUp"/>). A worker's timeline
/// then reads its own records by position plus whatever the pass has not reached yet, whatever the log's length.
/// </summary>
public sealed class RecentEventIndex : IDisposable
{
    public const int PerWorker = 50;
    public const string FileName = "recent.db";

    /// <summary>How far past the indexed position a timeline reads the log itself (the pass normally trails by far less).</summary>
    private const int TailLimit = 100_000;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly EventLog _log;
    private readonly Router _router;
    private readonly long[] _indexed;

    private RecentEventIndex(SqliteConnection connection, EventLog log, Router router)
    {
        _connection = connection;
        _log = log;
        _router = router;
        _indexed = new long[log.Partitions];
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT partition, sequence FROM indexed";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetInt32(0) < _indexed.Length)
            {
                _indexed[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }
    }

    public static RecentEventIndex Open(string dataPath, EventLog log, Router router)
    {
        ArgumentNullException.ThrowIfNull(log);
        var connection = SqliteFile.Open(Path.Combine(dataPath, FileName), Durability.Normal);
        SqliteFile.Execute(connection, """
            CREATE TABLE IF NOT EXISTS indexed(partition INTEGER PRIMARY KEY, sequence INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS recent(
              processor TEXT NOT NULL,
              key TEXT NOT NULL,
              partition INTEGER NOT NULL,
              sequences BLOB NOT NULL,
              PRIMARY KEY(processor, key, partition)) WITHOUT ROWID;
            """);
        return new RecentEventIndex(connection, log, router);
    }

    /// <summary>Indexes up to <paramref name="maxRecords"/> new records of each partition; returns how many it read.</summary>
    public int CatchUp(int maxRecords = 16_384)
    {
        var read = 0;
        using var reader = _log.OpenReader();
        var records = new List<LogRecord>();
        for (var partition = 0; partition < _indexed.Length; partition++)
        {
            var from = Volatile.Read(ref _indexed[partition]);
            var head = _log.Head(partition);
            if (head <= from)
            {
                continue;
            }

            records.Clear();
            reader.Read(partition, from, maxRecords, records);
            var routed = new Dictionary<(string Processor, string Key), List<long>>();
            foreach (var record in records)
            {
                foreach (var (id, _) in Routes(record))
                {
                    if (!routed.TryGetValue((id.Processor, id.Key), out var sequences))
                    {
                        routed[(id.Processor, id.Key)] = sequences = [];
                    }

                    sequences.Add(record.Sequence);
                }
            }

            // Nothing left to read below the head (retention removed it): the pass moves on to the head.
            var through = records.Count > 0 ? records[^1].Sequence : head;
            read += records.Count;
            reader.Release();
            Save(partition, routed, through);
        }

        return read;
    }

    /// <summary>
    /// The most recent events routed to <paramref name="worker"/> in <paramref name="partition"/> at or before
    /// <paramref name="upTo"/> (its watermark), newest first.
    /// </summary>
    public IReadOnlyList<AppliedEvent> RecentEventsOf(WorkerId worker, int partition, long upTo, int limit = 20)
    {
        var found = new List<AppliedEvent>();
        if (upTo <= 0)
        {
            return found;
        }

        using var reader = _log.OpenReader();
        var records = new List<LogRecord>();
        var indexed = Volatile.Read(ref _indexed[partition]);

        // The part the pass has not reached: read in order, kept newest first.
        var tail = new List<AppliedEvent>();
        for (var after = Math.Max(indexed, upTo - TailLimit); after < upTo;)
        {
            records.Clear();
            reader.Read(partition, after, (int)Math.Min(4096, upTo - after), records);
            if (records.Count == 0)
            {
                break;
            }

            foreach (var record in records.Where(r => r.Sequence <= upTo))
            {
                if (Routes(record).FirstOrDefault(r => r.Worker == worker).Event is { } e)
                {
                    tail.Add(new AppliedEvent(e.Position, e.Id, e.Source, e.Type, e.Time, record.AppendedAt, record.Bytes.ToArray()));
                }
            }

            after = records[^1].Sequence;
        }

        tail.Reverse();
        found.AddRange(tail.Take(limit));
        foreach (var sequence in IndexedSequences(worker, partition).Where(s => s <= Math.Min(upTo, indexed)).Reverse())
        {
            if (found.Count >= limit)
            {
                break;
            }

            records.Clear();
            reader.Read(partition, sequence - 1, 1, records);
            if (records.Count == 1 && records[0].Sequence == sequence && Routes(records[0]).FirstOrDefault(r => r.Worker == worker).Event is { } e)
            {
                found.Add(new AppliedEvent(e.Position, e.Id, e.Source, e.Type, e.Time, records[0].AppendedAt, records[0].Bytes.ToArray()));
            }
        }

        return found;
    }

    public void Dispose() => _connection.Dispose();

    private IEnumerable<(WorkerId Worker, StreamEvent Event)> Routes(LogRecord record)
    {
        var read = record.ReadEvent();
        if (!read.IsValid)
        {
            yield break;
        }

        foreach (var processor in _router.SubscribersOf(read.Event.Type).ToArray())
        {
            if (Router.KeyFor(processor, read.Event) is { } key)
            {
                yield return (new WorkerId(processor.Spec.Name, key), read.Event);
            }
        }
    }

    private List<long> IndexedSequences(WorkerId worker, int partition)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT sequences FROM recent WHERE processor=$proc AND key=$key AND partition=$p";
            command.Parameters.AddWithValue("$proc", worker.Processor);
            command.Parameters.AddWithValue("$key", worker.Key);
            command.Parameters.AddWithValue("$p", partition);
            return command.ExecuteScalar() is byte[] blob ? Decode(blob) : [];
        }
    }

    private void Save(int partition, Dictionary<(string Processor, string Key), List<long>> routed, long through)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var select = _connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT sequences FROM recent WHERE processor=$proc AND key=$key AND partition=$p";
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT INTO recent(processor, key, partition, sequences) VALUES ($proc, $key, $p, $s) ON CONFLICT DO UPDATE SET sequences=excluded.sequences";
            foreach (var ((processor, key), sequences) in routed)
            {
                select.Parameters.Clear();
                select.Parameters.AddWithValue("$proc", processor);
                select.Parameters.AddWithValue("$key", key);
                select.Parameters.AddWithValue("$p", partition);
                var kept = select.ExecuteScalar() is byte[] blob ? Decode(blob) : [];
                kept.AddRange(sequences);
                upsert.Parameters.Clear();
                upsert.Parameters.AddWithValue("$proc", processor);
                upsert.Parameters.AddWithValue("$key", key);
                upsert.Parameters.AddWithValue("$p", partition);
                upsert.Parameters.AddWithValue("$s", Encode(kept.Count > PerWorker ? kept[^PerWorker..] : kept));
                upsert.ExecuteNonQuery();
            }

            using var cursor = _connection.CreateCommand();
            cursor.Transaction = transaction;
            cursor.CommandText = "INSERT INTO indexed(partition, sequence) VALUES ($p, $s) ON CONFLICT DO UPDATE SET sequence=excluded.sequence";
            cursor.Parameters.AddWithValue("$p", partition);
            cursor.Parameters.AddWithValue("$s", through);
            cursor.ExecuteNonQuery();
            transaction.Commit();
            Volatile.Write(ref _indexed[partition], through);
        }
    }

    private static byte[] Encode(List<long> sequences)
    {
        var bytes = new byte[sequences.Count * sizeof(long)];
        for (var i = 0; i < sequences.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), sequences[i]);
        }

        return bytes;
    }

    private static List<long> Decode(byte[] bytes)
    {
        var sequences = new List<long>(bytes.Length / sizeof(long));
        for (var i = 0; i + sizeof(long) <= bytes.Length; i += sizeof(long))
        {
            sequences.Add(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i)));
        }

        return sequences;
    }
}
