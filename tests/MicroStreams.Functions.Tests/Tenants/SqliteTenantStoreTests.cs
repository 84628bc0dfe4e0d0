using MicroStreams.Embedded;
using MicroStreams.Embedded.State;
using MicroStreams.Examples.Embedded.Tenants;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;

namespace MicroStreams.Functions.Tests.Tenants;

/// <summary>The conformance suite against the tenant table in <c>state.db</c>, plus its life beside the runtime's state store.</summary>
public sealed class SqliteTenantStoreTests : TenantStoreConformance, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "microstreams-tenants", Guid.NewGuid().ToString("N"));
    private readonly SqliteTenantStore _store;

    public SqliteTenantStoreTests() => _store = SqliteTenantStore.Open(_folder, Durability.Normal);

    protected override ITenantStore Store => _store;

    [Fact]
    public async Task Open_WhenTheStateStoreUsesTheSameFile_BothKeepTheirTablesAndTheTenantsSurviveAReopen()
    {
        await _store.PutAsync("acme", [new Destination("crm", "https://crm.example/in", ["sale_complete"])], T0);
        using (var state = new StateStore(Path.Combine(_folder, "state.db"), Durability.Normal))
        {
            Assert.Equal(0, state.ReadCheckpoint(0));
        }

        _store.Dispose();
        using var reopened = SqliteTenantStore.Open(_folder);

        Assert.Equal(["acme"], (await reopened.ListAsync()).Select(t => t.Tenant));
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
