using Azure;
using Azure.Data.Tables;

namespace MicroStreams.Functions.Projections;

/// <summary>
/// Stamped writes: per partition chunk, read the stored stamps, then submit one entity group transaction that adds the
/// rows that are missing (<c>Add</c>, which fails if another writer added the row meanwhile) and replaces the rows that
/// are older (<c>UpdateReplace</c> with the ETag just read, which fails if another writer changed it meanwhile). Either
/// failure fails the whole transaction, and the chunk is read and decided again, so the newer stamp always wins.
/// </summary>
public sealed partial class TableProjectionStore : IStampedProjectionWriter
{
    internal const string GenerationProperty = "Generation";
    internal const string SequenceProperty = "Sequence";
    internal const string RemovedProperty = "Removed";

    /// <summary>Conflicts mean another writer of the same rows got in between; this many rounds outlast any realistic race.</summary>
    private const int MaxConflictRounds = 10;

    private static readonly string[] StampOnly = [GenerationProperty, SequenceProperty];

    public async Task WriteStampedAsync(IReadOnlyList<StampedChange> rows, long? version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var byProjection in Newest(rows).GroupBy(r => r.Projection, StringComparer.Ordinal))
        {
            var target = version ?? await RegisterAsync(byProjection.Key, now, cancellationToken);
            var table = await TableAsync(TableKeys.TableOf(byProjection.Key, target), cancellationToken);
            foreach (var partition in byProjection.GroupBy(r => TableKeys.PartitionOf(TableKeys.Escape(r.Key)), StringComparer.Ordinal))
            {
                foreach (var chunk in partition.Chunk(MaxTransaction))
                {
                    await SubmitNewerAsync(table, chunk, now, cancellationToken);
                }
            }
        }
    }

    /// <summary>Whether a stored row is a removal's tombstone, which readers treat as absent.</summary>
    internal static bool IsRemoved(TableEntity entity) => entity.GetBoolean(RemovedProperty) == true;

    private static async Task SubmitNewerAsync(TableClient table, StampedChange[] chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var stored = await Task.WhenAll(chunk.Select(row => StoredStampAsync(table, row, cancellationToken)));
            var actions = new List<TableTransactionAction>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (stored[i] is not { } existing)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Entity(chunk[i], now)));
                }
                else if (chunk[i].IsNewerThan(existing.GetInt64(GenerationProperty) ?? -1, existing.GetInt64(SequenceProperty) ?? -1))
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, Entity(chunk[i], now), existing.ETag));
                }
            }

            if (actions.Count == 0)
            {
                return;
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && round < MaxConflictRounds)
            {
                // Another writer added or changed one of these rows since they were read: decide again against what is there now.
            }
        }
    }

    private static async Task<TableEntity?> StoredStampAsync(TableClient table, StampedChange row, CancellationToken cancellationToken)
    {
        var rowKey = TableKeys.Escape(row.Key);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.PartitionOf(rowKey), rowKey, StampOnly, cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static TableEntity Entity(StampedChange row, DateTimeOffset now)
    {
        var rowKey = TableKeys.Escape(row.Key);
        var entity = new TableEntity(TableKeys.PartitionOf(rowKey), rowKey)
        {
            ["Key"] = row.Key,
            ["UpdatedAt"] = now,
            [GenerationProperty] = row.Generation,
            [SequenceProperty] = row.Sequence,
        };
        if (row.Document is null)
        {
            entity[RemovedProperty] = true;
        }
        else
        {
            entity["Document"] = row.Document;
        }

        return entity;
    }

    /// <summary>One change per row (a transaction may touch an entity once): the newest stamp, the later one on a tie.</summary>
    private static List<StampedChange> Newest(IReadOnlyList<StampedChange> rows)
    {
        var newest = new Dictionary<(string, string), StampedChange>(rows.Count);
        foreach (var row in rows)
        {
            var id = (row.Projection, row.Key);
            if (!newest.TryGetValue(id, out var kept) || !kept.IsNewerThan(row.Generation, row.Sequence))
            {
                newest[id] = row;
            }
        }

        return [.. newest.Values];
    }
}
