using System.Buffers;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MicroStreams.Embedded.Log;

/// <summary>
/// Reads records of one partition in order from a given sequence; owned by one consumer thread. The records of a read
/// stay valid until the next read or <see cref="Release"/>.
/// </summary>
/// <remarks>
/// Segment bodies (typically 50-200 KB, so large-object-heap sized) are packed into 1 MB chunks from a pool shared by
/// all readers. A 64k-event batch is ~12 MB of segments: renting one shared-pool buffer per segment overflowed that
/// pool's few buffers per size, so most segments of every batch became large-object garbage that only a full
/// collection frees. The chunk pool keeps what the concurrently running consumers need (a few dozen chunks) and
/// allocates nothing in steady state; a segment larger than a chunk still gets a buffer of its own.
/// </remarks>
public sealed class LogReader : IDisposable
{
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>Retains at most 16 idle chunks (16 MB): consumers read 8k-event slices (~2 chunks each); a replay reading
    /// larger batches in parallel rents more, and those beyond the cap are collected after use.</summary>
    private static readonly ArrayPool<byte> Chunks = ArrayPool<byte>.Create(ChunkBytes, maxArraysPerBucket: 16);

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _read;
    private readonly int _partitionIndex;
    private readonly int _afterIndex;
    private readonly List<byte[]> _chunks = [];
    private readonly List<byte[]> _rented = [];
    private int _chunkUsed = ChunkBytes;

    public LogReader(SqliteConnection connection)
    {
        _connection = connection;
        _read = Prepare(connection);
        _partitionIndex = raw.sqlite3_bind_parameter_index(_read, "$p");
        _afterIndex = raw.sqlite3_bind_parameter_index(_read, "$after");
    }

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records after <paramref name="afterSequence"/>, appending to
    /// <paramref name="into"/>. The records' bytes are valid until the next call or <see cref="Release"/>: copy what
    /// must outlive the batch.
    /// </summary>
    public void Read(int partition, long afterSequence, int maxRecords, List<LogRecord> into)
    {
        Release();
        var statement = _read;
        raw.sqlite3_bind_int64(statement, _partitionIndex, partition);
        raw.sqlite3_bind_int64(statement, _afterIndex, afterSequence);
        try
        {
            var wanted = into.Count + maxRecords;
            while (into.Count < wanted && Step(statement))
            {
                var first = raw.sqlite3_column_int64(statement, 0);
                var appendedAt = new DateTimeOffset(raw.sqlite3_column_int64(statement, 1), TimeSpan.Zero);

                // Straight from SQLite's row into a pooled chunk: the ADO.NET blob getters copy each segment into a new
                // array first, which for segments over 85 KB was large-object garbage on every read.
                var blob = raw.sqlite3_column_blob(statement, 2);
                var body = Allocate(blob.Length);
                blob.CopyTo(body.AsSpan());
                SegmentCodec.Decode(body.AsMemory(), (index, bytes, validated) =>
                {
                    var sequence = first + index;
                    if (sequence > afterSequence && into.Count < wanted)
                    {
                        into.Add(new LogRecord(partition, sequence, appendedAt, bytes, validated));
                    }
                });
            }
        }
        finally
        {
            // Ends the statement's read transaction, so an idle reader pins no WAL snapshot.
            raw.sqlite3_reset(statement);
        }
    }

    private bool Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        return false;
    }

    /// <summary>Gives back the buffers of the last read (its records must no longer be used): an idle reader holds none.</summary>
    public void Release()
    {
        foreach (var chunk in _chunks)
        {
            Chunks.Return(chunk);
        }

        foreach (var buffer in _rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _chunks.Clear();
        _rented.Clear();
        _chunkUsed = ChunkBytes;
    }

    public void Dispose()
    {
        Release();
        _read.Dispose();
        _connection.Dispose();
    }

    /// <summary>Room for one segment body: the rest of the current chunk, a new chunk, or (larger than a chunk) a buffer of its own.</summary>
    private ArraySegment<byte> Allocate(int length)
    {
        if (length > ChunkBytes)
        {
            var own = ArrayPool<byte>.Shared.Rent(length);
            _rented.Add(own);
            return new ArraySegment<byte>(own, 0, length);
        }

        if (ChunkBytes - _chunkUsed < length)
        {
            _chunks.Add(Chunks.Rent(ChunkBytes));
            _chunkUsed = 0;
        }

        var segment = new ArraySegment<byte>(_chunks[^1], _chunkUsed, length);
        _chunkUsed += length;
        return segment;
    }

    private static sqlite3_stmt Prepare(SqliteConnection connection)
    {
        // A reader scans segments forward and reads each page once: a small page cache (1 MiB instead of the 4 MiB of
        // other readers) loses nothing, and with one reader per partition it keeps ~24 MB of native memory off the RSS.
        Storage.SqliteFile.Execute(connection, "PRAGMA cache_size=-1024;");
        var rc = raw.sqlite3_prepare_v2(connection.Handle, """
            SELECT first_seq, appended_at, body FROM segments
            WHERE partition = $p
              AND first_seq >= (SELECT IFNULL(MAX(first_seq), 0) FROM segments WHERE partition = $p AND first_seq <= $after + 1)
            ORDER BY first_seq
            """, out var statement);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        return statement;
    }
}
