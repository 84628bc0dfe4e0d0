using MicroStreams.Http.Dashboard;
using MicroStreams.Http.Tests.Dashboard;
using Microsoft.Playwright;

namespace MicroStreams.Http.Tests.Browser;

/// <summary>The live events, workers, effects and send views in Debian's Chromium against a real serve.</summary>
public sealed class DashboardViewsBrowserTests
{
    [Fact]
    public async Task EventsView_StreamsNewEventsExpandsOneToItsPayloadAndOutcomesAndFilters()
    {
        await using var server = await TestServer.StartAsync();
        var scenario = await DashboardScenario.PostAsync(server, "v");
        await scenario.OutcomesAsync(server, "f-parked-sale");
        var (page, done) = await OpenAsync(server, $"#/events?subject={scenario.User}");

        await page.WaitForFunctionAsync("() => document.querySelectorAll('#ev-table tr[data-event]').length === 5");
        await page.ClickAsync(Row(scenario, "early-sale"));
        await page.WaitForSelectorAsync($"{Detail(scenario, "early-sale")} [data-reach='sales_milestone'] [data-outcome]:text-is('notActivated')");
        await page.ClickAsync(Row(scenario, "late-sale"));
        await page.WaitForSelectorAsync($"{Detail(scenario, "late-sale")} [data-reach='sales_milestone'] [data-outcome]:text-is('ignored')");
        Assert.Contains("\"price\": 5", await page.InnerTextAsync(Detail(scenario, "late-sale")), StringComparison.Ordinal);
        (await server.PostEventAsync($"{scenario.User}-live", "user_signin", scenario.User)).Dispose();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#ev-table tr[data-event]').length === 6");
        Assert.Contains("user_signin", await page.InnerTextAsync("#ev-table tr[data-event]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator($"{Detail(scenario, "late-sale")} [data-outcome]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-events.png"), FullPage = true });

        await page.SelectOptionAsync("#ev-type", "sale_complete");
        await page.FillAsync("#ev-subject", scenario.Failing);
        await page.ClickAsync("#ev-filter button");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#ev-table tr[data-event]').length === 2");
        await page.ClickAsync(Row(scenario, "f-bad-sale"));
        await page.WaitForSelectorAsync($"{Detail(scenario, "f-bad-sale")} [data-outcome]:text-is('deadLettered')");
        await page.ClickAsync($"{Detail(scenario, "f-bad-sale")} a:text-is('sales_milestone/{scenario.Failing}')");
        await page.WaitForSelectorAsync("[data-status]:text-is('quarantined')");
        await done();
        server.DeleteData();
    }

    [Fact]
    public async Task WorkersView_ListsAProcessorsWorkersWithStatusSearchesByPrefixPagesAndOpensATimeline()
    {
        await using var server = await TestServer.StartAsync();
        var scenario = await DashboardScenario.PostAsync(server, "k");
        var prefix = ServerFixture.NewKey("kp") + "-";
        foreach (var n in Enumerable.Range(1, 3))
        {
            (await server.PostEventAsync($"{prefix}{n}", "user_signin", $"{prefix}{n}")).Dispose();
            await server.WaitForWorkerAsync("churn_detection", $"{prefix}{n}", _ => true);
        }

        await Task.Delay(WorkerIndexAge);
        var (page, done) = await OpenAsync(server, "#/workers?processor=sales_milestone");
        await page.WaitForSelectorAsync($"#wk-table tr[data-worker='{scenario.User}'] [data-status]:text-is('retired')");
        await page.WaitForSelectorAsync($"#wk-table tr[data-worker='{scenario.Failing}'] [data-status]:text-is('quarantined')");

        await page.SelectOptionAsync("#wk-proc", "churn_detection");
        await page.FillAsync("#wk-prefix", prefix);
        await page.ClickAsync("#wk-filter button");
        await page.WaitForSelectorAsync("#wk-matching:text('3 worker(s)')");
        var row = await page.InnerTextAsync($"#wk-table tr[data-worker='{prefix}1']");
        Assert.Contains("active", row, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-workers.png"), FullPage = true });
        await page.GotoAsync(new Uri(server.BaseAddress, $"/#/workers?processor=churn_detection&prefix={prefix}&limit=2").ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#wk-table tr[data-worker]').length === 2 && document.getElementById('wk-next')");
        await page.ClickAsync("#wk-next");
        await page.WaitForSelectorAsync($"#wk-table tr[data-worker='{prefix}3']");
        Assert.Equal(0, await page.Locator("#wk-next").CountAsync());
        await page.GotoAsync(new Uri(server.BaseAddress, $"/#/workers?processor=churn_detection&prefix={prefix}").ToString());
        Assert.Equal("1", await page.TextContentAsync($"#wk-table tr[data-worker='{prefix}2'] td:nth-child(4)"));
        await page.ClickAsync($"#wk-table tr[data-worker='{prefix}2'] a");
        await page.WaitForSelectorAsync("#timeline li.timer");
        await done();
        server.DeleteData();
    }

    [Fact]
    public async Task EffectsView_ShowsEachDestinationsQueueAndBackoffAndEffectsByStateLinkingToTheWorker()
    {
        var deadUrl = $"http://127.0.0.1:{EffectApiTests.ClosedPort()}/hooks";
        await using var server = await EffectApiTests.StartAsync(deadUrl);
        var user = ServerFixture.NewKey("ef");
        (await server.PostEventAsync($"{user}-1", "user_created", user)).Dispose();
        (await server.PostEventAsync($"{user}-2", "sale_complete", user, """{"price":150,"tenant":"acme"}""")).Dispose();
        var (page, done) = await OpenAsync(server, "#/effects");

        await page.WaitForSelectorAsync($"#ef-destinations tr[data-destination='{deadUrl}'] [data-queued]:text-is('1')");
        await page.WaitForFunctionAsync($"() => document.querySelector(\"#ef-destinations tr[data-destination='{deadUrl}'] [data-backoff]\").textContent.endsWith(' s')");
        await page.WaitForSelectorAsync("#ef-table [data-state]:text-is('delivered')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-effects.png"), FullPage = true });
        await page.SelectOptionAsync("#ef-state", "retrying");
        await page.ClickAsync("#ef-filter button");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#ef-table [data-state]')].map(td => td.textContent).join() === 'retrying'");
        await page.ClickAsync("#ef-table tr[data-effect] a");
        await page.WaitForSelectorAsync("h2:has-text('push_delivery / acme#')");
        await done();
        server.DeleteData();
    }

    [Fact]
    public async Task SendView_SendsATestEventFromTheEditorShowsBadInputAndAdvancesTheSimulatedClock()
    {
        await using var server = await TestServer.StartAsync(simulatedClock: true);
        var user = ServerFixture.NewKey("se");
        var (page, done) = await OpenAsync(server, "#/send");

        await page.WaitForSelectorAsync("#se-type option[value='user_signin']", new() { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#se-type", "user_signin");
        await page.FillAsync("#se-subject", user);
        await page.FillAsync("#se-data", $$"""{"email":"{{user}}@example.com"}""");
        Assert.Contains($"\"subject\": \"{user}\"", await page.InputValueAsync("#se-event"), StringComparison.Ordinal);
        await page.ClickAsync("#se-form button");
        await page.WaitForSelectorAsync("[data-sent]:has-text('accepted 1')");
        await server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("state").GetProperty("email").GetString() == $"{user}@example.com");

        await page.FillAsync("#se-event", """{"specversion":"1.0","id":"x","source":"/dashboard","subject":"s"}""");
        await page.ClickAsync("#se-form button");
        await page.WaitForSelectorAsync("[data-send-error]");

        await page.ClickAsync("#clock-panel button[data-by='P7D']");
        await AdminKeyForm.EnterAsync(page);
        await page.WaitForSelectorAsync("#clock-now:text-is('2025-01-08 00:00:00Z')");
        await page.ClickAsync("#clock-panel button[data-by='PT1H']");
        await page.WaitForSelectorAsync("#clock-now:text-is('2025-01-08 01:00:00Z')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-send.png"), FullPage = true });
        await server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("status").GetString() == "retired");
        await done();
        server.DeleteData();
    }

    [Fact]
    public async Task ServeLink_OpensTheDashboardWithTheKeyInTheFragmentAndTheChartHasWholeTicks()
    {
        await using var server = await TestServer.StartAsync(configuredKeys: false);
        var link = DashboardLink.For(server.Instance);
        Assert.Equal($"/#key={server.Instance.FunctionKey}", link.PathAndQuery + link.Fragment);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(link.ToString());
        await page.WaitForSelectorAsync("[data-card='applied']");
        await page.WaitForFunctionAsync("() => document.getElementById('chart').dataset.ticks");

        Assert.Equal("0,5,10", await page.GetAttributeAsync("#chart", "data-ticks"));
        Assert.DoesNotContain(server.Instance.FunctionKey, page.Url, StringComparison.Ordinal);
        Assert.True(await page.IsHiddenAsync("#login"));
        server.DeleteData();
    }

    [Fact]
    public async Task ServeLink_WithConfiguredKeysIsThePlainAddressAndThePageAsksForTheKeyOnce()
    {
        await using var server = await TestServer.StartAsync();
        var link = DashboardLink.For(server.Instance);
        Assert.Equal(new Uri(server.BaseAddress, "/"), link);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(link.ToString());
        await page.FillAsync("#key-input", TestServer.FunctionKey);
        await page.ClickAsync("#login button");
        await page.WaitForSelectorAsync("[data-card='applied']");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-card='applied']");

        Assert.True(await page.IsHiddenAsync("#login"));
        server.DeleteData();
    }

    private static readonly TimeSpan WorkerIndexAge = TimeSpan.FromMilliseconds(1100);

    private static string Row(DashboardScenario scenario, string name) =>
        $"#ev-table tr[data-event='{scenario.Positions[name].Partition}:{scenario.Positions[name].Sequence}']";

    private static string Detail(DashboardScenario scenario, string name) =>
        $"#ev-table tr[data-detail='{scenario.Positions[name].Partition}:{scenario.Positions[name].Sequence}']";

    /// <summary>Opens the dashboard at <paramref name="hash"/>; the returned check asserts no dialog and no failed request, then closes the browser.</summary>
    private static async Task<(IPage Page, Func<Task> Done)> OpenAsync(TestServer server, string hash)
    {
        Assert.True(File.Exists(DashboardBrowserTests.Chromium), $"{DashboardBrowserTests.Chromium} is missing: run eng/install-test-deps.sh (apt-get install -y chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await DashboardBrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var dialogs = AdminKeyForm.CountDialogs(page);
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);
        await page.GotoAsync(new Uri(server.BaseAddress, $"/?code={TestServer.FunctionKey}{hash}").ToString());
        return (page, async () =>
        {
            Assert.Equal(0, dialogs());
            Assert.Empty(failed);
            await browser.DisposeAsync();
            playwright.Dispose();
        });
    }
}
