using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Tests.Azurite;
using MicroStreams.Projections;

namespace MicroStreams.Functions.Tests.Projections;

/// <summary>The conformance suite against the Table storage adapter on a real Azurite, plus its table-specific rules.</summary>
public sealed class TableProjectionStoreTests : ProjectionStoreConformance
{
    private readonly AzuriteTables _tables = new();
    private readonly TableProjectionStore _store;

    public TableProjectionStoreTests() => _store = new TableProjectionStore(_tables.Client);

    protected override IProjectionStore Store => _store;

    [Fact]
    public async Task WriteAsync_WhenManyRowsShareAPartition_StoresThemAllThroughTransactionsTheServiceAccepts()
    {
        var changes = Enumerable.Range(0, 250).Select(i => new ProjectionChange("totals", $"u{i:D4}", "{}"))
            .Concat(Enumerable.Range(0, 30).Select(i => new ProjectionChange("totals", $"x{i:D4}", "{}"))).ToList();

        await _store.WriteAsync(changes, null, T0);

        Assert.Equal(280, (await _store.ScanAsync("totals", "", null, 1000)).Rows.Count);
    }

    [Fact]
    public async Task SwitchVersionAsync_DeletesTheOldVersionsTable()
    {
        await _store.WriteAsync([new ProjectionChange("totals", "u1", "{}")], null, T0);
        await _store.WriteAsync([new ProjectionChange("totals", "u1", "{}")], 2, T0);

        await _store.SwitchVersionAsync("totals", 2, T0);

        Assert.Equal(["projections", TableKeys.TableOf("totals", 2)], _tables.TableNames());
    }

    [Theory]
    [InlineData("acme#", "PartitionKey eq 'ac' and RowKey ge 'acme!23' and RowKey lt 'acme!24'")]
    [InlineData("a", "PartitionKey ge 'a' and PartitionKey lt 'b' and RowKey ge 'a' and RowKey lt 'b'")]
    [InlineData("o'b", "PartitionKey eq 'o''' and RowKey ge 'o''b' and RowKey lt 'o''c'")]
    public void ScanFilter_BoundsPartitionAndRowKeysByThePrefix(string prefix, string expected)
    {
        Assert.Equal(expected, TableProjectionStore.ScanFilter(prefix, after: null));
    }

    [Fact]
    public void TableOf_WhenNamesDifferOnlyInUnderscores_GivesDifferentValidTableNames()
    {
        var a = TableKeys.TableOf("sales_totals", 1);
        var b = TableKeys.TableOf("salestotals", 1);

        Assert.NotEqual(a, b);
        Assert.All(new[] { a, b }, name => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", name));
    }
}
