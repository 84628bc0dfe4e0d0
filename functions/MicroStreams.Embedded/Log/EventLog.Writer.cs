using MicroStreams.Events;
using Microsoft.Data.Sqlite;

namespace MicroStreams.Embedded.Log;

public sealed partial class EventLog
{
    private const int MaxGroupBytes = 16 * 1024 * 1024;

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            var bytes = 0;
            while (bytes < MaxGroupBytes && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
                foreach (var item in next.Items)
                {
                    bytes += item.Bytes.Length;
                }
            }

            try
            {
                var touched = Commit(group);
                foreach (var partition in touched)
                {
                    Appended?.Invoke(partition);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in group)
                {
                    pending.Completion.TrySetException(ex);
                }
            }

            // Let go of the group's event bytes now, not at the next append (up to 16 MB while idle).
            group.Clear();
        }
    }

    /// <summary>Writes one segment per partition for the whole group, in one transaction, then acknowledges every caller.</summary>
    private List<int> Commit(List<PendingAppend> group)
    {
        var perPartition = new Dictionary<int, List<SegmentRecord>>();
        var receipts = new List<(PendingAppend Pending, EventPosition?[] Positions, int Duplicates)>(group.Count);
        var added = new List<DedupeKey>();
        var nextSeq = (long[])_heads.Clone();
        foreach (var pending in group)
        {
            var positions = new EventPosition?[pending.Items.Count];
            var duplicates = 0;
            for (var i = 0; i < pending.Items.Count; i++)
            {
                var item = pending.Items[i];
                if (item.DedupeKey is { } key)
                {
                    if (!_dedupe.TryAdd(key))
                    {
                        duplicates++;
                        continue;
                    }

                    added.Add(key);
                }

                if (!perPartition.TryGetValue(item.Partition, out var records))
                {
                    perPartition[item.Partition] = records = [];
                }

                records.Add(new SegmentRecord(item.Bytes, item.Validated));
                positions[i] = new EventPosition(item.Partition, ++nextSeq[item.Partition]);
            }

            receipts.Add((pending, positions, duplicates));
        }

        var now = _time.GetUtcNow().UtcTicks;
        try
        {
            Write(perPartition, now);
        }
        catch
        {
            _dedupe.Forget(added);
            throw;
        }

        for (var partition = 0; partition < _heads.Length; partition++)
        {
            Volatile.Write(ref _heads[partition], nextSeq[partition]);
        }

        foreach (var (pending, positions, duplicates) in receipts)
        {
            pending.Completion.TrySetResult(new AppendReceipt(positions, positions.Length - duplicates, duplicates));
        }

        return [.. perPartition.Keys];
    }

    private void Write(Dictionary<int, List<SegmentRecord>> perPartition, long now)
    {
        lock (_writer)
        {
            using var transaction = _writer.BeginTransaction();
            using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO segments(partition, first_seq, count, appended_at, body) VALUES ($p, $first, $count, $at, $body)";
            var p = insert.Parameters.Add("$p", SqliteType.Integer);
            var first = insert.Parameters.Add("$first", SqliteType.Integer);
            var count = insert.Parameters.Add("$count", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var body = insert.Parameters.Add("$body", SqliteType.Blob);
            foreach (var (partition, records) in perPartition)
            {
                p.Value = partition;
                first.Value = _heads[partition] + 1;
                count.Value = records.Count;
                at.Value = now;
                body.Value = SegmentCodec.Encode(records);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private void RefillDedupeWindow(int window)
    {
        if (window == 0)
        {
            return;
        }

        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT body FROM segments ORDER BY id DESC";
        using var reader = command.ExecuteReader();
        var keys = new List<DedupeKey>();
        while (keys.Count < window && reader.Read())
        {
            var segmentKeys = new List<DedupeKey>();
            SegmentCodec.Decode(((byte[])reader[0]).AsMemory(), (_, bytes, validated) =>
            {
                var read = new LogRecord(0, 0, default, bytes, validated).ReadEvent();
                if (read.IsValid)
                {
                    segmentKeys.Add(new DedupeKey(read.Event.Source, read.Event.Id));
                }
            });
            segmentKeys.Reverse();
            keys.AddRange(segmentKeys);
        }

        keys.Reverse();
        foreach (var key in keys.TakeLast(window))
        {
            _dedupe.TryAdd(key);
        }
    }
}
