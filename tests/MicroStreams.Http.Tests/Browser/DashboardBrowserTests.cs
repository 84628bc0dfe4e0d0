using Microsoft.Playwright;

namespace MicroStreams.Http.Tests.Browser;

/// <summary>
/// Drives Debian's Chromium (installed by eng/install-test-deps.sh) through the dashboard of a real serve. Fails
/// loudly when Chromium is missing: a skipped browser test would hide a broken dashboard.
/// </summary>
public sealed class DashboardBrowserTests
{
    internal const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_ShowsOverviewProcessorsWorkerTimelineRedrivesADeadLetterBrowsesProjectionsAndRunsReplays()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run eng/install-test-deps.sh (apt-get install -y chromium)");
        await using var server = await TestServer.StartAsync();
        (await server.PostEventAsync("b-1", "user_signin", "browser-user", """{"email":"b@example.com"}""")).Dispose();
        (await server.PostEventAsync("b-2", "user_created", "buyer", """{"email":"buyer@example.com"}""")).Dispose();
        (await server.PostEventAsync("b-3", "sale_complete", "buyer", """{"price":-1}""")).Dispose();
        await server.WaitForWorkerAsync("sales_milestone", "buyer", w => w.GetProperty("status").GetString() == "quarantined");
        (await server.PostEventAsync("b-4", "user_signin", "browser-user-2")).Dispose();
        await server.WaitForWorkerAsync("churn_detection", "browser-user", _ => true);
        await server.WaitForWorkerAsync("churn_detection", "browser-user-2", _ => true);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);
        var dialogs = AdminKeyForm.CountDialogs(page);

        await page.GotoAsync(new Uri(server.BaseAddress, $"/?code={TestServer.FunctionKey}").ToString());
        await page.WaitForSelectorAsync("[data-card='applied']");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#partitions tr').length === 5");
        Assert.Equal(1, await page.Locator("#chart").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-overview.png"), FullPage = true });

        await page.ClickAsync("a[data-nav='processors']");
        await page.WaitForSelectorAsync("text=churn_detection");
        await page.FillAsync("#find-key", "browser-user");
        await page.ClickAsync("#find button");
        await page.WaitForSelectorAsync("#timeline li.event");
        Assert.Contains("b@example.com", await page.InnerTextAsync("#state"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#timeline li.timer").CountAsync());

        await page.ClickAsync("a[data-nav='deadletters']");
        await page.WaitForSelectorAsync("button[data-redrive]");
        await page.ClickAsync("button[data-redrive]");
        await AdminKeyForm.EnterAsync(page);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#dl-table td')].some(td => td.textContent === 'pending') && document.querySelectorAll('#dl-table tr').length >= 2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-deadletters.png"), FullPage = true });

        await page.ClickAsync("a[data-nav='projections']");
        await page.ClickAsync("#pj-list a:text-is('last_signin')");
        await page.WaitForSelectorAsync("#pj-rows tr[data-key='browser-user']");
        await page.FillAsync("#pj-key", "browser-user");
        await page.ClickAsync("#pj-get button");
        await page.WaitForSelectorAsync("#pj-row pre");
        Assert.Contains("\"signIns\": 1", await page.InnerTextAsync("#pj-row"), StringComparison.Ordinal);
        await page.FillAsync("#pj-key", "nobody");
        await page.ClickAsync("#pj-get button");
        await page.WaitForSelectorAsync("#pj-row >> text=has no row");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-projections.png"), FullPage = true });
        await page.FillAsync("#pj-prefix", "browser-user-");
        await page.ClickAsync("#pj-scan button");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#pj-rows tr[data-key]')].map(tr => tr.dataset.key).join() === 'browser-user-2'");
        await page.GotoAsync(new Uri(server.BaseAddress, "/#/projections/last_signin?prefix=browser&limit=1").ToString());
        await page.WaitForSelectorAsync("#pj-rows tr[data-key='browser-user']");
        await page.ClickAsync("#pj-next");
        await page.WaitForSelectorAsync("#pj-rows tr[data-key='browser-user-2']");

        // A rebuild and a shadow started from the page with the admin key the redrive already asked for (the form would block them).
        await page.ClickAsync("a[data-nav='replays']");
        await page.WaitForSelectorAsync("#replays >> text=no replays yet");
        await page.SelectOptionAsync("#rp-proc", "churn_detection");
        await page.ClickAsync("#rp-form button");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-replay-status]')].map(td => td.textContent).join() === 'completed'", null, new() { Timeout = 30_000 });
        var versions = await page.TextContentAsync("[data-projection-versions]");
        await page.SelectOptionAsync("#rp-mode", "shadow");
        await page.ClickAsync("#rp-form button");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-replay-status]')].map(td => td.textContent).join() === 'completed,completed'", null, new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("details[data-diff] >> text=0 of 2 workers differ");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-replays.png"), FullPage = true });

        Assert.Equal(0, dialogs());
        Assert.Empty(failedRequests);
        var letters = (await server.GetJsonAsync("/api/deadletters?key=buyer&status=redriven")).GetProperty("items");
        Assert.Equal(1, letters.GetArrayLength());
        var replays = (await server.GetJsonAsync("/api/replays")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["shadow", "rebuild"], replays.Select(r => r.GetProperty("mode").GetString()));
        Assert.All(replays, r => Assert.Equal("churn_detection", r.GetProperty("processor").GetString()));
        var rebuilt = replays[1].GetProperty("projectionVersions").EnumerateObject().Single();
        Assert.Equal($"{rebuilt.Name} v{rebuilt.Value.GetInt64()}", versions);
        server.DeleteData();
    }

    // A replay of the example data finishes in milliseconds, too fast to click Cancel on, and serve takes no extra
    // processors to slow one down; so the list is stubbed here with a running one (and a paused processor) to check
    // what a running replay looks like and that Cancel sends DELETE with the admin key. The real server answers it.
    [Fact]
    public async Task Dashboard_ShowsARunningReplayWithProgressAndRebuildsRequiredAndCancelsItWithTheAdminKey()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run eng/install-test-deps.sh (apt-get install -y chromium)");
        await using var server = await TestServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var dialogs = AdminKeyForm.CountDialogs(page);
        const string running = """
            {"items":[{"id":"rp_running","processor":"churn_detection","mode":"rebuild","status":"running","generation":2,
              "request":{"processor":"churn_detection","keyPrefix":"u-"},"createdAt":"2026-01-01T00:00:00Z","reason":"state version 2 needs a rebuild",
              "partitions":[{"partition":0,"position":40,"target":100,"done":false},{"partition":1,"position":50,"target":50,"done":true}],
              "eventsRead":90,"eventsApplied":90,"timersFired":3,"effectsSuppressed":7,"handlerFailures":0,"progress":0.6}],
             "rebuildsRequired":{"sales_milestone":"stored state is version 1, the code is version 2 and has no upgrade"}}
            """;
        await page.RouteAsync("**/api/replays", route => route.Request.Method == "GET"
            ? route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = running })
            : route.ContinueAsync());
        var deletes = new List<IRequest>();
        page.Request += (_, request) =>
        {
            if (request.Method == "DELETE")
            {
                deletes.Add(request);
            }
        };

        await page.GotoAsync(new Uri(server.BaseAddress, $"/?code={TestServer.FunctionKey}#/replays").ToString());
        await page.WaitForSelectorAsync("tr[data-replay='rp_running'] [data-replay-status]:text-is('running')");
        Assert.Equal("60", await page.GetAttributeAsync("[role=progressbar]", "aria-valuenow"));
        var row = await page.InnerTextAsync("tr[data-replay='rp_running']");
        Assert.Contains("p0 40/100 · p1 50/50 ✓", row, StringComparison.Ordinal);
        Assert.Contains("7 effects suppressed", row, StringComparison.Ordinal);
        Assert.Contains("keys u-*", row, StringComparison.Ordinal);
        Assert.Contains("sales_milestone", await page.InnerTextAsync("#rebuilds-required"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-replay-running.png"), FullPage = true });

        await page.ClickAsync("button[data-cancel='rp_running']");
        await AdminKeyForm.EnterAsync(page);
        await page.WaitForSelectorAsync("#error >> text=there is no replay 'rp_running'");
        Assert.Equal(0, dialogs());
        var delete = Assert.Single(deletes);
        Assert.EndsWith("/api/replays/rp_running", delete.Url, StringComparison.Ordinal);
        Assert.Equal(TestServer.AdminKey, await delete.HeaderValueAsync("x-functions-key"));
        server.DeleteData();
    }

    [Fact]
    public async Task Dashboard_TenantsView_ListsTheSeededTenantShowsBadInputAndSavesEditsAndDeletesWithTheAdminKey()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run eng/install-test-deps.sh (apt-get install -y chromium)");
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["MicroStreams:Tenants:acme:0:Name"] = "crm",
            ["MicroStreams:Tenants:acme:0:Url"] = "https://crm.example/in",
            ["MicroStreams:Tenants:acme:0:EventTypes:0"] = "sale_complete",
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var dialogs = AdminKeyForm.CountDialogs(page);

        await page.GotoAsync(new Uri(server.BaseAddress, $"/?code={TestServer.FunctionKey}#/tenants").ToString());
        await AdminKeyForm.EnterAsync(page);
        await page.WaitForSelectorAsync("#tn-list tr[data-tenant='acme'] >> text=https://crm.example/in");
        await page.FillAsync("#tn-name", "globex");
        await page.FillAsync("#tn-destinations", """[{"name":"hooks","url":"not a url","eventTypes":["sale_complete"]}]""");
        await page.ClickAsync("#tn-form button");
        await page.WaitForSelectorAsync("#tn-result [data-error='destinations[0].url']");
        await page.FillAsync("#tn-destinations", """[{"name":"hooks","url":"https://globex.example/hooks","eventTypes":["sale_complete"],"maxBatchSize":5}]""");
        await page.ClickAsync("#tn-form button");
        await page.WaitForSelectorAsync("#tn-list tr[data-tenant='globex'] >> text=batch 5");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "microstreams-tenants.png"), FullPage = true });
        await page.ClickAsync("button[data-edit='acme']");
        var edited = (await page.InputValueAsync("#tn-name"), await page.InputValueAsync("#tn-destinations"));
        await page.ClickAsync("button[data-delete='globex']");
        await page.WaitForFunctionAsync("() => !document.querySelector(\"#tn-list tr[data-tenant='globex']\")");

        Assert.Equal("acme", edited.Item1);
        Assert.Contains("https://crm.example/in", edited.Item2, StringComparison.Ordinal);
        Assert.Equal(0, dialogs());
        server.DeleteData();
    }

    internal static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    });
}
