using Azure;
using Azure.Data.Tables;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using MicroStreams.Functions.Projections;

namespace MicroStreams.FunctionsApp.Tenants;

/// <summary>
/// The tenant store on Azure Table storage (table <c>TenantTable</c>, default <c>tenants</c>): one entity per tenant in a
/// single partition, its destinations as a JSON property. A few hundred tenants are one partition query for every
/// instance's refresh; the destination list is bounded (<see cref="TenantRules.MaxBodyBytes"/>) to fit one property.
/// </summary>
public sealed class TableTenantStore(TableClient table) : ITenantStore
{
    public const string Partition = "tenant";

    private volatile bool _created;

    public async Task<IReadOnlyList<TenantDestinations>> ListAsync(CancellationToken cancellationToken = default)
    {
        var client = await TableAsync(cancellationToken);
        var tenants = new List<TenantDestinations>();
        await foreach (var entity in client.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(Partition)}", cancellationToken: cancellationToken))
        {
            tenants.Add(Read(entity));
        }

        // Escaped row keys sort like the names for the characters a tenant may hold; sort anyway so the order is the port's.
        return [.. tenants.OrderBy(t => t.Tenant, StringComparer.Ordinal)];
    }

    public async Task<TenantDestinations?> GetAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var client = await TableAsync(cancellationToken);
        var found = await client.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Escape(tenant), cancellationToken: cancellationToken);
        return found.HasValue ? Read(found.Value!) : null;
    }

    public async Task<bool> PutAsync(string tenant, IReadOnlyList<Destination> destinations, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(destinations);
        var client = await TableAsync(cancellationToken);
        var rowKey = TableKeys.Escape(tenant);
        var existed = (await client.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken)).HasValue;
        var entity = new TableEntity(Partition, rowKey)
        {
            ["Tenant"] = tenant,
            ["Destinations"] = TenantJson.SerializeDestinations(destinations),
            ["UpdatedAt"] = now,
        };
        await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        return !existed;
    }

    public async Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var client = await TableAsync(cancellationToken);
        var rowKey = TableKeys.Escape(tenant);
        if (!(await client.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken)).HasValue)
        {
            return false;
        }

        try
        {
            await client.DeleteEntityAsync(Partition, rowKey, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Another instance deleted it between the read and the delete.
            return false;
        }
    }

    private static TenantDestinations Read(TableEntity entity) =>
        new(entity.GetString("Tenant") ?? entity.RowKey, TenantJson.DeserializeDestinations(entity.GetString("Destinations") ?? "[]"), entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);

    /// <summary>Creates the table on first use: infra declares it in Azure, but Azurite starts empty.</summary>
    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }

        return table;
    }
}
