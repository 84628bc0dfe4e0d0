using Azure.Data.Tables;
using MicroStreams.Projections;

namespace MicroStreams.Functions.Projections;

public sealed partial class TableProjectionStore
{
    private static readonly string[] KeyOnly = ["RowKey", RemovedProperty];

    public async Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var metadata = await MetadataAsync(cancellationToken);
        var list = new List<ProjectionInfo>();
        await foreach (var entity in metadata.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.MetadataPartition)}", cancellationToken: cancellationToken))
        {
            var version = entity.GetInt64("Version") ?? 1;
            // Table storage keeps no counts: this reads every row's key (a full scan of the current table).
            long rows = 0;
            await foreach (var row in tables(TableKeys.TableOf(entity.RowKey, version)).QueryAsync<TableEntity>(select: KeyOnly, cancellationToken: cancellationToken))
            {
                rows += IsRemoved(row) ? 0 : 1;
            }

            list.Add(new ProjectionInfo(entity.RowKey, version, rows));
        }

        return [.. list.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    public async Task<ProjectionRow?> GetAsync(string projection, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(key);
        if (await VersionIfExistsAsync(projection, cancellationToken) is not { } version)
        {
            return null;
        }

        var rowKey = TableKeys.Escape(key);
        var found = await tables(TableKeys.TableOf(projection, version)).GetEntityIfExistsAsync<TableEntity>(TableKeys.PartitionOf(rowKey), rowKey, cancellationToken: cancellationToken);
        return found.HasValue && !IsRemoved(found.Value!) ? RowOf(projection, found.Value!) : null;
    }

    public async Task<ProjectionPage> ScanAsync(string projection, string prefix, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (await VersionIfExistsAsync(projection, cancellationToken) is not { } version)
        {
            return new ProjectionPage([], null);
        }

        var rows = new List<ProjectionRow>();
        var more = false;
        await foreach (var entity in tables(TableKeys.TableOf(projection, version)).QueryAsync<TableEntity>(ScanFilter(prefix, after), limit + 1, cancellationToken: cancellationToken))
        {
            if (IsRemoved(entity))
            {
                continue;
            }

            if (rows.Count == limit)
            {
                more = true;
                break;
            }

            rows.Add(RowOf(projection, entity));
        }

        return new ProjectionPage(rows, more ? rows[^1].Key : null);
    }

    /// <summary>The range filter of a prefix scan (see <see cref="TableKeys"/>): partition bounds first, so the service seeks.</summary>
    internal static string? ScanFilter(string prefix, string? after)
    {
        var escaped = TableKeys.Escape(prefix);
        var upper = TableKeys.UpperBound(escaped);
        var clauses = new List<string>();
        if (escaped.Length >= TableKeys.PartitionKeyLength)
        {
            clauses.Add($"PartitionKey eq {TableKeys.Literal(TableKeys.PartitionOf(escaped))}");
        }
        else if (escaped.Length > 0)
        {
            clauses.Add($"PartitionKey ge {TableKeys.Literal(escaped)}");
            clauses.Add($"PartitionKey lt {TableKeys.Literal(upper!)}");
        }

        if (escaped.Length > 0)
        {
            clauses.Add($"RowKey ge {TableKeys.Literal(escaped)}");
            if (upper is not null)
            {
                clauses.Add($"RowKey lt {TableKeys.Literal(upper)}");
            }
        }

        if (after is not null)
        {
            var escapedAfter = TableKeys.Escape(after);
            clauses.Add($"PartitionKey ge {TableKeys.Literal(TableKeys.PartitionOf(escapedAfter))}");
            clauses.Add($"RowKey gt {TableKeys.Literal(escapedAfter)}");
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    private async Task<long?> VersionIfExistsAsync(string projection, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(cancellationToken);
        var found = await metadata.GetEntityIfExistsAsync<TableEntity>(TableKeys.MetadataPartition, projection, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetInt64("Version") ?? 1 : null;
    }

    private static ProjectionRow RowOf(string projection, TableEntity entity) =>
        new(projection, entity.GetString("Key") ?? entity.RowKey, entity.GetString("Document") ?? "null", entity.GetDateTimeOffset("UpdatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);
}
