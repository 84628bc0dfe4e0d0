using System.Net;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Dashboard;

public sealed class DashboardApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task EventDetail_NamesEachWorkerReachedWithItsOutcome()
    {
        var scenario = await DashboardScenario.PostAsync(Server, "o");

        Assert.Equal("notActivated", (await scenario.OutcomesAsync(Server, "early-sale"))["sales_milestone"]);
        Assert.Equal("applied", (await scenario.OutcomesAsync(Server, "created"))["sales_milestone"]);
        Assert.Equal("applied", (await scenario.OutcomesAsync(Server, "big-sale"))["sales_milestone"]);
        Assert.Equal("ignored", (await scenario.OutcomesAsync(Server, "late-sale"))["sales_milestone"]);
        Assert.Equal("applied", Assert.Single(await scenario.OutcomesAsync(Server, "signin"), o => o.Key == "churn_detection").Value);
        Assert.Equal("deadLettered", (await scenario.OutcomesAsync(Server, "f-bad-sale"))["sales_milestone"]);
        Assert.Equal("parked", (await scenario.OutcomesAsync(Server, "f-parked-sale"))["sales_milestone"]);
    }

    [Fact]
    public async Task EventDetail_CarriesTheStoredCloudEventAndTheDeadLetter()
    {
        var scenario = await DashboardScenario.PostAsync(Server, "c");
        await scenario.OutcomesAsync(Server, "f-bad-sale");
        var (partition, sequence) = scenario.Positions["f-bad-sale"];

        var detail = await Server.GetJsonAsync($"/api/events/{partition}/{sequence}");

        Assert.Equal(-1, detail.GetProperty("cloudEvent").GetProperty("data").GetProperty("price").GetInt32());
        Assert.Equal(scenario.Failing, detail.GetProperty("event").GetProperty("subject").GetString());
        var reach = detail.GetProperty("reached")[0];
        Assert.Equal(scenario.Failing, reach.GetProperty("key").GetString());
        Assert.Equal("handlerFailed", reach.GetProperty("deadLetterKind").GetString());
        Assert.Contains("negative price", reach.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_ListsTheLatestNewestFirstFilteredByTypeAndSubject()
    {
        var scenario = await DashboardScenario.PostAsync(Server, "l");

        var all = (await Server.GetJsonAsync($"/api/events?subject={scenario.User}")).GetProperty("items").EnumerateArray().ToList();
        var sales = (await Server.GetJsonAsync($"/api/events?subject={scenario.User}&type=sale_complete&limit=2")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(["user_signin", "sale_complete", "sale_complete", "user_created", "sale_complete"], all.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([scenario.Positions["late-sale"].Sequence, scenario.Positions["big-sale"].Sequence], sales.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.All(all, e => Assert.Equal(scenario.Positions["signin"].Partition, e.GetProperty("partition").GetInt32()));
    }

    [Fact]
    public async Task Events_AfterAPreviousAnswer_ListsOnlyWhatWasAppendedSince()
    {
        var user = ServerFixture.NewKey("a");
        (await Server.PostEventAsync($"{user}-1", "user_signin", user)).Dispose();
        var first = await Server.GetJsonAsync($"/api/events?subject={user}");
        (await Server.PostEventAsync($"{user}-2", "user_signin", user)).Dispose();
        (await Server.PostEventAsync($"{user}-3", "user_signin", user)).Dispose();

        var since = await Server.GetJsonAsync($"/api/events?subject={user}&after={first.GetProperty("after").GetString()}");
        var nothing = await Server.GetJsonAsync($"/api/events?subject={user}&after={since.GetProperty("after").GetString()}");

        Assert.Equal([$"{user}-1"], first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([$"{user}-3", $"{user}-2"], since.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(0, nothing.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Workers_PagesAProcessorsWorkersByKeyPrefixWithStatusAndTimers()
    {
        var prefix = ServerFixture.NewKey("w") + "-";
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            (await Server.PostEventAsync($"{prefix}{suffix}", "user_signin", prefix + suffix)).Dispose();
            await Server.WaitForWorkerAsync("churn_detection", prefix + suffix, _ => true);
        }

        var first = await Eventually.GetAsync(async () =>
        {
            var page = await Server.GetJsonAsync($"/api/processors/churn_detection/workers?prefix={prefix}&limit=2");
            return (page.GetProperty("matching").GetInt32() == 3, page);
        }, "the worker index");
        var second = await Server.GetJsonAsync($"/api/processors/churn_detection/workers?prefix={prefix}&limit=2&after={first.GetProperty("nextAfter").GetString()}");

        Assert.Equal([prefix + "a", prefix + "b"], first.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("key").GetString()));
        var last = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(prefix + "c", last.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextAfter").ValueKind);
        Assert.Equal("active", last.GetProperty("status").GetString());
        Assert.Equal(1, last.GetProperty("timersArmed").GetInt32());
        Assert.True(last.GetProperty("nextTimerDue").GetDateTimeOffset() > last.GetProperty("lastChangedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Workers_ShowQuarantinedAndRetiredStatus()
    {
        var scenario = await DashboardScenario.PostAsync(Server, "s");

        var statuses = new Dictionary<string, string>();
        foreach (var key in new[] { scenario.User, scenario.Failing })
        {
            var page = await Eventually.GetAsync(async () =>
            {
                var p = await Server.GetJsonAsync($"/api/processors/sales_milestone/workers?prefix={key}");
                return (p.GetProperty("items").GetArrayLength() == 1, p);
            }, "the worker index");
            statuses[key] = page.GetProperty("items")[0].GetProperty("status").GetString()!;
        }

        Assert.Equal("retired", statuses[scenario.User]);
        Assert.Equal("quarantined", statuses[scenario.Failing]);
    }

    [Fact]
    public async Task WorkerState_WritesDatesWithTheirOffsetUnescaped()
    {
        var user = ServerFixture.NewKey("d");
        (await Server.PostEventAsync($"d-{user}", "user_signin", user)).Dispose();
        await Server.WaitForWorkerAsync("churn_detection", user, _ => true);

        var body = await Server.Client.GetStringAsync($"/api/processors/churn_detection/workers/{user}");

        Assert.DoesNotContain("\\u002B", body, StringComparison.Ordinal);
        Assert.Matches("\"lastSignIn\":\"[0-9T:.-]+\\+00:00\"", body);
    }

    [Theory]
    [InlineData("/api/events?limit=0", "limit")]
    [InlineData("/api/events?limit=many", "limit")]
    [InlineData("/api/events?partition=4", "partition")]
    [InlineData("/api/events?after=0:1,0:2", "after")]
    [InlineData("/api/events?after=7:1", "after")]
    [InlineData("/api/events?after=zero", "after")]
    [InlineData("/api/events/9/1", "partition")]
    [InlineData("/api/events/0/zero", "sequence")]
    [InlineData("/api/effects?state=lost", "state")]
    [InlineData("/api/effects?state=1", "state")]
    [InlineData("/api/effects?before=-3", "before")]
    [InlineData("/api/processors/churn_detection/workers?limit=501", "limit")]
    public async Task DashboardRoutes_AnswerBadInputWithAProblemNamingTheField(string path, string field)
    {
        using var response = await Server.Client.GetAsync(path);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/api/events/0/999999999")]
    [InlineData("/api/processors/nobody/workers")]
    public async Task DashboardRoutes_AnswerWhatIsNotThereWith404(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/events/0/1")]
    [InlineData("/api/processors/churn_detection/workers")]
    [InlineData("/api/effects")]
    [InlineData("/api/effects/destinations")]
    public async Task DashboardRoutes_NeedTheFunctionKey(string path)
    {
        using var response = await Server.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
