using System.Text;
using System.Text.Json;
using MicroStreams.Examples.Push;
using MicroStreams.Examples.Tenants;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Time;

namespace MicroStreams.Tests.Examples.Tenants;

public sealed class TenantAdminTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTenantStore _store = new();
    private readonly ManualTimeProvider _clock = new(T0);

    private async Task<TenantWrite> PutAsync(string tenant, string body)
    {
        var options = new TenantDirectoryOptions();
        options.SubscribedEventTypes.Add("sale_complete");
        using var directory = await RefreshingTenantDirectory.StartAsync(_store, options, _clock);
        return await new TenantAdmin(_store, directory, _clock).PutAsync(tenant, Encoding.UTF8.GetBytes(body));
    }

    private static string Body(string destination) => $$"""{"destinations":[{{destination}}]}""";

    [Theory]
    [InlineData("""{"name":"","url":"https://a.example","eventTypes":["x"]}""", "destinations[0].name")]
    [InlineData("""{"name":"a","url":"/relative","eventTypes":["x"]}""", "destinations[0].url")]
    [InlineData("""{"name":"a","url":"ftp://a.example/in","eventTypes":["x"]}""", "destinations[0].url")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":[]}""", "destinations[0].eventTypes")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":[" "]}""", "destinations[0].eventTypes")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":["x"],"maxBatchSize":0}""", "destinations[0].maxBatchSize")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":["x"],"flushInterval":"-00:00:01"}""", "destinations[0].flushInterval")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":["x"],"maxAge":"00:00:00"}""", "destinations[0].maxAge")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":["x"],"maxAge":"3650.00:00:00"}""", "destinations[0].maxAge")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":["x"],"batchSize":5}""", "$.destinations[0].batchSize")]
    [InlineData("""{"name":"a","url":"https://a.example","eventTypes":["x"],"flushInterval":"ten seconds"}""", "$.destinations[0].flushInterval")]
    [InlineData("null", "destinations[0]")]
    public async Task PutAsync_WhenADestinationBreaksARule_IsInvalidNamingTheFieldAndStoresNothing(string destination, string field)
    {
        var write = await PutAsync("acme", Body(destination));

        Assert.Equal(TenantWriteOutcome.Invalid, write.Outcome);
        Assert.Contains(field, write.Problems.Select(p => p.Field));
        Assert.Null(await _store.GetAsync("acme"));
    }

    [Theory]
    [InlineData("{}", "destinations")]
    [InlineData("[]", "$")]
    [InlineData("not json", "$")]
    public async Task PutAsync_WhenTheBodyIsNotADestinationList_IsInvalid(string body, string field)
    {
        var write = await PutAsync("acme", body);

        Assert.Equal(TenantWriteOutcome.Invalid, write.Outcome);
        Assert.Equal(field, Assert.Single(write.Problems).Field);
    }

    [Fact]
    public async Task PutAsync_WhenTwoDestinationsShareAName_IsInvalidAtTheSecond()
    {
        var write = await PutAsync("acme", """{"destinations":[{"name":"a","url":"https://a.example","eventTypes":["x"]},{"name":"a","url":"https://b.example","eventTypes":["y"]}]}""");

        var problem = Assert.Single(write.Problems);
        Assert.Equal((1, "destinations[1].name"), (problem.Index, problem.Field));
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme/x")]
    [InlineData("acme#1")]
    [InlineData("ä")]
    public async Task PutAsync_WhenTheTenantNameIsNotValid_IsInvalid(string tenant)
    {
        var write = await PutAsync(tenant, Body("""{"name":"a","url":"https://a.example","eventTypes":["x"]}"""));

        Assert.Equal("tenant", Assert.Single(write.Problems).Field);
    }

    [Fact]
    public async Task PutAsync_WhenValid_StoresTheDefaultsForWhatIsAbsentAndNamesTheUnsubscribedTypes()
    {
        var write = await PutAsync("acme", Body("""{"name":"crm","url":"https://crm.example/in","eventTypes":["sale_complete","page_view"],"flushInterval":"00:01:00"}"""));

        Assert.Equal(TenantWriteOutcome.Created, write.Outcome);
        var stored = Assert.Single((await _store.GetAsync("acme"))!.Destinations);
        var defaults = new Destination("d", "https://d.example", ["x"]);
        Assert.Equal((defaults.MaxBatchSize, TimeSpan.FromMinutes(1), defaults.MaxAge), (stored.MaxBatchSize, stored.FlushInterval, stored.MaxAge));
        using var json = JsonDocument.Parse(write.Json);
        Assert.Equal(["page_view"], json.RootElement.GetProperty("unsubscribedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("00:01:00", json.RootElement.GetProperty("destinations")[0].GetProperty("flushInterval").GetString());
    }

    [Fact]
    public async Task SeedIfEmptyAsync_WritesTheConfiguredTenantsOnlyIntoAnEmptyStore()
    {
        var configured = new Dictionary<string, IReadOnlyList<Destination>> { ["acme"] = [new Destination("crm", "https://crm.example", ["x"])] };

        var first = await TenantSeed.SeedIfEmptyAsync(_store, configured, T0);
        await _store.DeleteAsync("acme");
        await _store.PutAsync("globex", [], T0);
        var second = await TenantSeed.SeedIfEmptyAsync(_store, configured, T0);

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(["globex"], (await _store.ListAsync()).Select(t => t.Tenant));
    }

    [Fact]
    public async Task SeedIfEmptyAsync_WhenAConfiguredDestinationIsInvalid_FailsTheStart()
    {
        var configured = new Dictionary<string, IReadOnlyList<Destination>> { ["acme"] = [new Destination("crm", "not a url", ["x"])] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TenantSeed.SeedIfEmptyAsync(_store, configured, T0));

        Assert.Contains("destinations[0].url", error.Message, StringComparison.Ordinal);
    }
}
