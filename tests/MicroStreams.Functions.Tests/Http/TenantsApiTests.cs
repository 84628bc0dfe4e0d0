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
using Microsoft.AspNetCore.Mvc;
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

    private static HttpRequest Put(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

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

        var result = Assert.IsType<ContentResult>(await _api.PutAsync(request, "acme", CancellationToken.None));

        Assert.Equal((201, "application/json"), (result.StatusCode, result.ContentType));
        Assert.Equal("/api/tenants/acme", request.HttpContext.Response.Headers.Location.ToString());
        using var json = JsonDocument.Parse(result.Content!);
        Assert.Equal("06:00:00", json.RootElement.GetProperty("destinations")[0].GetProperty("maxAge").GetString());
        Assert.Equal("crm", Assert.Single(_directory.DestinationsOf("acme")).Name);
    }

    [Fact]
    public async Task Put_WhenInvalid_Is400ProblemWithTheErrors()
    {
        var result = Assert.IsType<ObjectResult>(await _api.PutAsync(Put("""{"destinations":[{"name":"crm","url":"nope","eventTypes":["x"]}]}"""), "acme", CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        var problem = Assert.IsType<ProblemDocument>(result.Value);
        Assert.Equal("https://microstreams.dev/problems/bad-tenant", problem.Type);
        Assert.Equal("destinations[0].url", Assert.Single(problem.Errors!).Field);
    }

    [Fact]
    public async Task Put_WhenTheBodyIsOverTheLimit_Is413Problem()
    {
        var result = Assert.IsType<ObjectResult>(await _api.PutAsync(Put(new string(' ', TenantRules.MaxBodyBytes + 1)), "acme", CancellationToken.None));

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public async Task GetAndDelete_WhenTheTenantIsUnknown_Are404Problems_AndABadNameIs400()
    {
        var get = Assert.IsType<ObjectResult>(await _api.GetAsync("nobody", CancellationToken.None));
        var delete = Assert.IsType<ObjectResult>(await _api.DeleteAsync("nobody", CancellationToken.None));
        var bad = Assert.IsType<ObjectResult>(await _api.GetAsync("a/b", CancellationToken.None));

        Assert.Equal((404, 404, 400), (get.StatusCode, delete.StatusCode, bad.StatusCode));
    }

    public void Dispose() => _directory.Dispose();
}
