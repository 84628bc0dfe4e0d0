using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;

namespace MicroStreams.Functions.Tests.Tenants;

/// <summary>What every tenant store does, run against each implementation (SQLite in state.db, Table storage on Azure).</summary>
public abstract class TenantStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Destination Crm = new("crm", "https://crm.example/in?token=a&b=c", ["sale_complete", "page_view"])
    {
        MaxBatchSize = 7,
        FlushInterval = TimeSpan.FromSeconds(45),
        MaxAge = TimeSpan.FromDays(2),
    };

    private static readonly Destination Hooks = new("hooks", "http://127.0.0.1:9000/hooks/acme", ["user_created"]);

    protected abstract ITenantStore Store { get; }

    /// <summary>Records compare lists by reference: compare what a destination says instead.</summary>
    private static string Describe(Destination d) =>
        $"{d.Name}|{d.Url}|{string.Join(',', d.EventTypes)}|{d.MaxBatchSize}|{d.FlushInterval}|{d.MaxAge}";

    private static string[] Describe(IEnumerable<Destination> destinations) => [.. destinations.Select(Describe)];

    [Fact]
    public async Task GetAsync_WhenATenantWasPut_ReturnsEveryFieldOfEveryDestinationInOrderAndTheWriteTime()
    {
        await Store.PutAsync("acme", [Crm, Hooks], T0);

        var tenant = await Store.GetAsync("acme");

        Assert.NotNull(tenant);
        Assert.Equal("acme", tenant.Tenant);
        Assert.Equal(T0, tenant.UpdatedAt);
        Assert.Equal(Describe([Crm, Hooks]), Describe(tenant.Destinations));
    }

    [Fact]
    public async Task GetAsync_WhenTheTenantWasNeverPut_ReturnsNull()
    {
        await Store.PutAsync("acme", [Crm], T0);

        Assert.Null(await Store.GetAsync("globex"));
    }

    [Fact]
    public async Task PutAsync_WhenTheTenantIsNew_SaysCreatedAndWhenItExists_ReplacesTheWholeList()
    {
        var first = await Store.PutAsync("acme", [Crm, Hooks], T0);

        var second = await Store.PutAsync("acme", [Hooks with { Url = "https://new.example/hook" }], T0.AddMinutes(5));

        Assert.True(first);
        Assert.False(second);
        var tenant = await Store.GetAsync("acme");
        Assert.Equal(Describe([Hooks with { Url = "https://new.example/hook" }]), Describe(tenant!.Destinations));
        Assert.Equal(T0.AddMinutes(5), tenant.UpdatedAt);
    }

    [Fact]
    public async Task PutAsync_WithNoDestinations_KeepsTheTenantWithAnEmptyList()
    {
        await Store.PutAsync("quiet", [], T0);

        var tenant = await Store.GetAsync("quiet");

        Assert.NotNull(tenant);
        Assert.Empty(tenant.Destinations);
    }

    [Fact]
    public async Task ListAsync_ReturnsEveryTenantInOrdinalOrder()
    {
        await Store.PutAsync("globex", [Hooks], T0);
        await Store.PutAsync("Acme", [Crm], T0);
        await Store.PutAsync("acme", [Crm, Hooks], T0);
        await Store.PutAsync("a.b-c_d", [Hooks], T0);

        var tenants = await Store.ListAsync();

        Assert.Equal(["Acme", "a.b-c_d", "acme", "globex"], tenants.Select(t => t.Tenant));
        Assert.Equal(Describe([Crm, Hooks]), Describe(tenants[2].Destinations));
    }

    [Fact]
    public async Task ListAsync_WhenNothingWasPut_IsEmpty()
    {
        Assert.Empty(await Store.ListAsync());
    }

    [Fact]
    public async Task DeleteAsync_RemovesOnlyThatTenantAndSaysWhetherItExisted()
    {
        await Store.PutAsync("acme", [Crm], T0);
        await Store.PutAsync("globex", [Hooks], T0);

        var deleted = await Store.DeleteAsync("acme");
        var again = await Store.DeleteAsync("acme");

        Assert.True(deleted);
        Assert.False(again);
        Assert.Null(await Store.GetAsync("acme"));
        Assert.Equal(["globex"], (await Store.ListAsync()).Select(t => t.Tenant));
    }

    [Fact]
    public async Task PutAsync_AfterADelete_CreatesTheTenantAgain()
    {
        await Store.PutAsync("acme", [Crm], T0);
        await Store.DeleteAsync("acme");

        var created = await Store.PutAsync("acme", [Hooks], T0.AddHours(1));

        Assert.True(created);
        Assert.Equal(Describe([Hooks]), Describe((await Store.GetAsync("acme"))!.Destinations));
    }
}
