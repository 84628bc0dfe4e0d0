using System.Net;
using System.Text;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Tenants;

public sealed class TenantRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Crm = """{"name":"crm","url":"https://crm.example/in","eventTypes":["sale_complete"],"maxBatchSize":10,"flushInterval":"00:00:30"}""";

    private TestServer Server => fixture.Server;

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? key = TestServer.AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return Server.Anonymous.SendAsync(request);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("GET", "/api/tenants")]
    [InlineData("GET", "/api/tenants/acme")]
    [InlineData("PUT", "/api/tenants/acme")]
    [InlineData("DELETE", "/api/tenants/acme")]
    public async Task EveryTenantRoute_WithoutAKeyIs401_AndWithTheFunctionKeyIs403(string method, string path)
    {
        var body = method == "PUT" ? $$"""{"destinations":[{{Crm}}]}""" : null;

        using var none = await SendAsync(new HttpMethod(method), path, body, key: null);
        using var function = await SendAsync(new HttpMethod(method), path, body, TestServer.FunctionKey);

        await Problems.AssertProblemAsync(none, 401);
        await Problems.AssertProblemAsync(function, 403);
    }

    [Fact]
    public async Task Put_WhenNew_Is201WithLocation_ThenGetListAndASecondPutShowTheStoredConfiguration()
    {
        var tenant = ServerFixture.NewKey("t");

        using var created = await SendAsync(HttpMethod.Put, $"/api/tenants/{tenant}", $$"""{"destinations":[{{Crm}}]}""");
        var createdBody = await JsonOf(created, HttpStatusCode.Created);
        using var replaced = await SendAsync(HttpMethod.Put, $"/api/tenants/{tenant}", """{"destinations":[{"name":"hooks","url":"http://127.0.0.1:1/x","eventTypes":["page_view"]}]}""");
        var replacedBody = await JsonOf(replaced, HttpStatusCode.OK);
        using var getOne = await SendAsync(HttpMethod.Get, $"/api/tenants/{tenant}");
        var one = await JsonOf(getOne, HttpStatusCode.OK);
        using var getList = await SendAsync(HttpMethod.Get, "/api/tenants");
        var list = await JsonOf(getList, HttpStatusCode.OK);

        Assert.Equal($"/api/tenants/{tenant}", created.Headers.Location?.OriginalString);
        Assert.Equal("00:00:30", createdBody.GetProperty("destinations")[0].GetProperty("flushInterval").GetString());
        Assert.Equal(["page_view"], replacedBody.GetProperty("unsubscribedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("hooks", Assert.Single(one.GetProperty("destinations").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(100, one.GetProperty("destinations")[0].GetProperty("maxBatchSize").GetInt32());
        Assert.Contains(list.GetProperty("tenants").EnumerateArray(), t => t.GetProperty("tenant").GetString() == tenant);
        Assert.Equal("00:00:30", list.GetProperty("refreshInterval").GetString());
    }

    [Fact]
    public async Task Put_WhenDestinationsBreakTheRules_Is400ProblemNamingEachFieldAndStoresNothing()
    {
        var tenant = ServerFixture.NewKey("bad");
        var body = """{"destinations":[{"name":"a","url":"ftp://x","eventTypes":["x"],"maxBatchSize":0},{"name":"a","url":"https://ok.example","eventTypes":["x"]}]}""";

        using var response = await SendAsync(HttpMethod.Put, $"/api/tenants/{tenant}", body);
        using var get = await SendAsync(HttpMethod.Get, $"/api/tenants/{tenant}");

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.Equal(
            [(0, "destinations[0].url"), (0, "destinations[0].maxBatchSize"), (1, "destinations[1].name")],
            Problems.Errors(problem).Select(e => (e.Index, e.Field)));
        await Problems.AssertProblemAsync(get, 404);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"destinations":[{"name":"a","url":"https://a.example","eventTypes":["x"],"batch":1}]}""")]
    [InlineData("{}")]
    public async Task Put_WhenTheBodyIsNotADestinationList_Is400Problem(string body)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/api/tenants/{ServerFixture.NewKey("nj")}", body);

        await Problems.AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task Put_WhenTheBodyIsOverTheLimit_Is413Problem()
    {
        var padding = new string('x', 17 * 1024);

        using var response = await SendAsync(HttpMethod.Put, $"/api/tenants/{ServerFixture.NewKey("big")}", $$"""{"destinations":[{"name":"{{padding}}","url":"https://a.example","eventTypes":["x"]}]}""");

        await Problems.AssertProblemAsync(response, 413);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task TenantRoutes_WhenTheNameIsNotValid_Are400Problems(string method)
    {
        using var response = await SendAsync(new HttpMethod(method), "/api/tenants/bad%23name", method == "PUT" ? $$"""{"destinations":[{{Crm}}]}""" : null);

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.Equal("tenant", Assert.Single(Problems.Errors(problem)).Field);
    }

    [Fact]
    public async Task Delete_RemovesTheTenant_ThenGetAndASecondDeleteAre404Problems()
    {
        var tenant = ServerFixture.NewKey("del");
        (await SendAsync(HttpMethod.Put, $"/api/tenants/{tenant}", $$"""{"destinations":[{{Crm}}]}""")).Dispose();

        using var deleted = await SendAsync(HttpMethod.Delete, $"/api/tenants/{tenant}");
        using var get = await SendAsync(HttpMethod.Get, $"/api/tenants/{tenant}");
        using var again = await SendAsync(HttpMethod.Delete, $"/api/tenants/{tenant}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problems.AssertProblemAsync(get, 404);
        await Problems.AssertProblemAsync(again, 404);
    }
}
