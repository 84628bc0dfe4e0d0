using Azure.Data.Tables;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using MicroStreams.FunctionsApp.Tenants;
using MicroStreams.Functions.Tests.Azurite;

namespace MicroStreams.Functions.Tests.Tenants;

/// <summary>The conformance suite against the Table storage adapter on a real Azurite, plus its table layout.</summary>
public sealed class TableTenantStoreTests : TenantStoreConformance
{
    private const string Table = "tenants";
    private readonly AzuriteTables _tables = new();
    private readonly TableTenantStore _store;

    public TableTenantStoreTests() => _store = new TableTenantStore(_tables.Client(Table));

    protected override ITenantStore Store => _store;

    [Fact]
    public async Task PutAsync_CreatesTheTableOnFirstUseAndKeepsEveryTenantInOnePartition()
    {
        await _store.PutAsync("acme", [new Destination("crm", "https://crm.example/in", ["sale_complete"])], T0);
        await _store.PutAsync("globex", [], T0);

        var inPartition = new List<string>();
        await foreach (var entity in _tables.Client(Table).QueryAsync<TableEntity>($"PartitionKey eq '{TableTenantStore.Partition}'"))
        {
            inPartition.Add(entity.GetString("Tenant"));
        }

        Assert.Equal([Table], _tables.TableNames());
        Assert.Equal(["acme", "globex"], inPartition);
    }

    [Fact]
    public async Task ListAsync_WhenTheTableDoesNotExistYet_CreatesItAndIsEmpty()
    {
        var tenants = await _store.ListAsync();

        Assert.Empty(tenants);
        Assert.Equal([Table], _tables.TableNames());
    }
}
