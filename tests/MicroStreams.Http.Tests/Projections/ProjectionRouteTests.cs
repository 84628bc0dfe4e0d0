using System.Net;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Projections;

public sealed class ProjectionRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    private async Task<JsonElement> SignInAsync(string user)
    {
        (await Server.PostEventAsync($"s-{user}", "user_signin", user)).Dispose();
        return await Eventually.GetAsync(async () =>
        {
            using var response = await Server.Client.GetAsync($"/api/projections/last_signin/rows/{user}");
            return response.IsSuccessStatusCode ? (true, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()) : (false, default);
        }, $"the last_signin row of {user}");
    }

    [Fact]
    public async Task GetRow_WhenTheChurnWorkerSawASignIn_ReturnsItsLastSignInRow()
    {
        var user = ServerFixture.NewKey("pr");

        var row = await SignInAsync(user);

        Assert.Equal(user, row.GetProperty("key").GetString());
        Assert.Equal(user, row.GetProperty("document").GetProperty("user").GetString());
        Assert.Equal(1, row.GetProperty("document").GetProperty("signIns").GetInt32());
    }

    [Fact]
    public async Task List_ShowsEveryDeclaredProjectionWithVersionAndRowCount()
    {
        await SignInAsync(ServerFixture.NewKey("pl"));

        var projections = (await Server.GetJsonAsync("/api/projections")).GetProperty("projections").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal(["delivery_status", "last_signin", "sales_totals"], projections.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, projections["last_signin"].GetProperty("version").GetInt64());
        Assert.True(projections["last_signin"].GetProperty("rows").GetInt64() >= 1);
        Assert.Equal(["churn_detection"], projections["last_signin"].GetProperty("processors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Scan_WhenPaged_ReturnsEveryRowWithThePrefixOnce()
    {
        var prefix = ServerFixture.NewKey("ps");
        var users = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var user in users)
        {
            await SignInAsync(user);
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Server.GetJsonAsync($"/api/projections/last_signin/rows?prefix={prefix}&limit=2" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            seen.AddRange(page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()!));
            after = page.GetProperty("nextAfter").GetString();
            pages++;
        }
        while (after is not null);

        Assert.Equal(users, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("/api/projections/last_signin/rows/nobody-ever")]
    [InlineData("/api/projections/no_such/rows/u1")]
    public async Task GetRow_WhenMissing_Returns404Problem(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        await Problems.AssertProblemAsync(response, 404);
    }

    [Theory]
    [InlineData("/api/projections/Bad-Name/rows/u1")]
    [InlineData("/api/projections/Bad-Name/rows")]
    [InlineData("/api/projections/last_signin/rows?limit=0")]
    [InlineData("/api/projections/last_signin/rows?limit=1001")]
    [InlineData("/api/projections/last_signin/rows?limit=ten")]
    public async Task BadInput_Returns400Problem(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        await Problems.AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task Routes_WithoutAKey_Return401Problem()
    {
        using var response = await Server.Anonymous.GetAsync("/api/projections");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Problems.AssertProblemAsync(response, 401);
    }
}
