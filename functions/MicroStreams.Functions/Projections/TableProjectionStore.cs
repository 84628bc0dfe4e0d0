using Azure;
using Azure.Data.Tables;
using MicroStreams.Projections;

namespace MicroStreams.Functions.Projections;

/// <summary>
/// The projection store on Azure Table storage: one table per (projection, version) (see <see cref="TableKeys"/> for the
/// keys), and a metadata table holding each projection's current version, which readers follow. Switching versions is
/// one entity update, so readers see the old table until it lands and the new one after; the old table is then deleted.
/// </summary>
public sealed partial class TableProjectionStore(Func<string, TableClient> tables) : IProjectionStore
{
    private const int MaxTransaction = 100;
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly Lock _createdGate = new();

    public async Task<long> CurrentVersionAsync(string projection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var metadata = await MetadataAsync(cancellationToken);
        var found = await metadata.GetEntityIfExistsAsync<TableEntity>(TableKeys.MetadataPartition, projection, cancellationToken: cancellationToken);
        return found.HasValue && found.Value!.GetInt64("Version") is { } version ? version : 1;
    }

    public async Task WriteAsync(IReadOnlyList<ProjectionChange> changes, long? version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        foreach (var byProjection in ProjectionChanges.Coalesce(changes).GroupBy(c => c.Projection, StringComparer.Ordinal))
        {
            var target = version ?? await RegisterAsync(byProjection.Key, now, cancellationToken);
            var table = await TableAsync(TableKeys.TableOf(byProjection.Key, target), cancellationToken);
            foreach (var partition in byProjection.GroupBy(c => TableKeys.PartitionOf(TableKeys.Escape(c.Key)), StringComparer.Ordinal))
            {
                foreach (var chunk in partition.Chunk(MaxTransaction))
                {
                    await SubmitAsync(table, chunk, now, cancellationToken);
                }
            }
        }
    }

    public async Task SwitchVersionAsync(string projection, long version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        var previous = await CurrentVersionAsync(projection, cancellationToken);
        var metadata = await MetadataAsync(cancellationToken);
        await metadata.UpsertEntityAsync(Metadata(projection, version, now), TableUpdateMode.Replace, cancellationToken);
        if (previous != version)
        {
            await DeleteTableAsync(TableKeys.TableOf(projection, previous), cancellationToken);
        }
    }

    /// <summary>
    /// A version a rebuild can write into: the first after the current one whose table holds no rows (a rebuild that
    /// stopped half-way leaves rows behind, which must not become visible with the next one's switch).
    /// </summary>
    public async Task<long> FreshVersionAsync(string projection, CancellationToken cancellationToken = default)
    {
        var version = await CurrentVersionAsync(projection, cancellationToken) + 1;
        while (await HasRowsAsync(TableKeys.TableOf(projection, version), cancellationToken))
        {
            version++;
        }

        return version;
    }

    private async Task<bool> HasRowsAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in tables(table).QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                return true;
            }

            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private static TableEntity Metadata(string projection, long version, DateTimeOffset now) =>
        new(TableKeys.MetadataPartition, projection) { ["Version"] = version, ["UpdatedAt"] = now };

    /// <summary>A projection's current version, recording version 1 the first time it is written.</summary>
    private async Task<long> RegisterAsync(string projection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(cancellationToken);
        var found = await metadata.GetEntityIfExistsAsync<TableEntity>(TableKeys.MetadataPartition, projection, cancellationToken: cancellationToken);
        if (found.HasValue && found.Value!.GetInt64("Version") is { } version)
        {
            return version;
        }

        await metadata.UpsertEntityAsync(Metadata(projection, 1, now), TableUpdateMode.Replace, cancellationToken);
        return 1;
    }

    private static async Task SubmitAsync(TableClient table, ProjectionChange[] chunk, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var actions = chunk.Select(change => change.Document is null
            ? new TableTransactionAction(TableTransactionActionType.Delete, Entity(change, now), ETag.All)
            : new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(change, now))).ToList();
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A batch fails whole when it deletes a row that is not there; removing a missing row is no error here, so
            // apply the chunk row by row, each write idempotent.
            foreach (var action in actions)
            {
                if (action.ActionType == TableTransactionActionType.Delete)
                {
                    await DeleteRowAsync(table, action.Entity, cancellationToken);
                }
                else
                {
                    await table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, cancellationToken);
                }
            }
        }
    }

    private static async Task DeleteRowAsync(TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static TableEntity Entity(ProjectionChange change, DateTimeOffset now)
    {
        var rowKey = TableKeys.Escape(change.Key);
        var entity = new TableEntity(TableKeys.PartitionOf(rowKey), rowKey);
        if (change.Document is not null)
        {
            entity["Key"] = change.Key;
            entity["Document"] = change.Document;
            entity["UpdatedAt"] = now;
        }

        return entity;
    }

    private Task<TableClient> MetadataAsync(CancellationToken cancellationToken) => TableAsync(TableKeys.MetadataTable, cancellationToken);

    private async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var client = tables(name);
        bool known;
        lock (_createdGate)
        {
            known = _created.Contains(name);
        }

        if (!known)
        {
            await client.CreateIfNotExistsAsync(cancellationToken);
            lock (_createdGate)
            {
                _created.Add(name);
            }
        }

        return client;
    }

    private async Task DeleteTableAsync(string name, CancellationToken cancellationToken)
    {
        lock (_createdGate)
        {
            _created.Remove(name);
        }

        try
        {
            await tables(name).DeleteAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }
}
