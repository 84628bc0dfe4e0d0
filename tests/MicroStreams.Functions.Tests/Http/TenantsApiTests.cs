using System.Reflection;
using System.Text;
using System.Text.Json;
using MicroStreams.Examples.Tenants;
using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.Http;
using MicroStreams.FunctionsApp.Http;
using MicroStreams.FunctionsApp.Bindings;
using MicroStreams.FunctionsApp.Tenants;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Tests.Azurite;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace MicroStreams.Functions.Tests.Http;

/// <summary>The tenant routes of the Azure host over the Table adapter (mocked Table client): the embedded host's contract.</summary>
public sealed class TenantsApiTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TableTenantStore _store = new(new AzuriteTables().Client("tenants"));
    private readonly RefreshingTenantDirectory _directory;
    private readonly TenantsApi _api;

    public TenantsApiTests()
    {
        var clock = new ManualClock(T0);
        _directory = RefreshingTenantDirectory.StartAsync(_store, new TenantDirectoryOptions(), clock).GetAwaiter().GetResult();
        _api = new TenantsApi(new TenantAdmin(_store, _directory, clock));
    }

    private static HttpRequest Put(string body) => Answer.Request("PUT", "application/json", body);

    [Fact]
    public void Routes_AllNeedTheAdminKey()
    {
        var triggers = typeof(TenantFunctions).GetMethods()
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!)
            .ToList();

        Assert.Equal(["delete tenants/{tenant}", "get tenants", "get tenants/{tenant}", "put tenants/{tenant}"],
            triggers.Select(t => $"{t.Methods!.Single()} {t.Route}").Order(StringComparer.Ordinal));
        Assert.All(triggers, t => Assert.Equal(AuthorizationLevel.Admin, t.AuthLevel));
    }

    [Fact]
    public async Task Put_WhenNew_Is201WithTheStoredJson_AndTheDirectoryServesItAtOnce()
    {
        var request = Put("""{"destinations":[{"name":"crm","url":"https://crm.example/in","eventTypes":["sale_complete"]}]}""");

        var result = await Answer.OfAsync(await _api.PutAsync(request, "acme", CancellationToken.None), request);

        Assert.Equal((201, "application/json; charset=utf-8"), (result.Status, result.ContentType));
        Assert.Equal("/api/tenants/acme", request.HttpContext.Response.Headers.Location.ToString());
        Assert.Equal("06:00:00", result.Json.GetProperty("destinations")[0].GetProperty("maxAge").GetString());
        Assert.Equal("crm", Assert.Single(_directory.DestinationsOf("acme")).Name);
    }

    [Fact]
    public async Task Put_WhenInvalid_Is400ProblemWithTheErrors()
    {
        var result = await Answer.OfAsync(await _api.PutAsync(Put("""{"destinations":[{"name":"crm","url":"nope","eventTypes":["x"]}]}"""), "acme", CancellationToken.None));

        Assert.Equal(400, result.Status);
        Assert.Equal("https://microstreams.dev/problems/bad-tenant", result.Json.GetProperty("type").GetString());
        Assert.Equal("destinations[0].url", Assert.Single(result.Json.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Put_WhenTheBodyIsOverTheLimit_Is413Problem()
    {
        var result = await Answer.OfAsync(await _api.PutAsync(Put(new string(' ', TenantRules.MaxBodyBytes + 1)), "acme", CancellationToken.None));

        Assert.Equal(413, result.Status);
    }

    [Fact]
    public async Task GetAndDelete_WhenTheTenantIsUnknown_Are404Problems_AndABadNameIs400()
    {
        var get = await Answer.OfAsync(await _api.GetAsync("nobody", CancellationToken.None));
        var delete = await Answer.OfAsync(await _api.DeleteAsync("nobody", CancellationToken.None));
        var bad = await Answer.OfAsync(await _api.GetAsync("a/b", CancellationToken.None));

        Assert.Equal((404, 404, 400), (get.Status, delete.Status, bad.Status));
    }

    public void Dispose() => _directory.Dispose();
}
