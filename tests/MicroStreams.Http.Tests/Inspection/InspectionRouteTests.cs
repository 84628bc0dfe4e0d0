using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Tests.Inspection;

public sealed class InspectionRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Processors_ListsTheExampleProcessorsWithWorkerCounts()
    {
        var user = ServerFixture.NewKey("p");
        (await Server.PostEventAsync($"p-{user}", "user_signin", user)).Dispose();
        await Server.WaitForWorkerAsync("churn_detection", user, _ => true);

        var processors = (await Server.GetJsonAsync("/api/processors")).EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal(["churn_detection", "push_delivery", "sales_milestone"], processors.Keys.Order());
        Assert.True(processors["churn_detection"].GetProperty("workers").GetProperty("active").GetInt32() >= 1);
        Assert.Equal(["user_signin"], processors["churn_detection"].GetProperty("subscribes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Partitions_ReportHeadCheckpointAndLag()
    {
        var partitions = (await Server.GetJsonAsync("/api/partitions")).EnumerateArray().ToList();

        Assert.Equal(4, partitions.Count);
        Assert.All(partitions, p => Assert.Equal(p.GetProperty("head").GetInt64() - p.GetProperty("checkpoint").GetInt64(), p.GetProperty("lag").GetInt64()));
    }

    [Theory]
    [InlineData("/api/processors/nope")]
    [InlineData("/api/processors/nope/workers/u")]
    [InlineData("/api/processors/churn_detection/workers/never-seen")]
    [InlineData("/api/no-such-route")]
    [InlineData("/api/deadletters/not-a-number")]
    public async Task Unknown_Returns404Problem(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        await Problems.AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        using var response = await Server.Client.DeleteAsync("/api/events");

        await Problems.AssertProblemAsync(response, 405);
    }

    [Fact]
    public async Task Metrics_ArePrometheusTextWithThroughputLagHistogramsAndDeadLetters()
    {
        (await Server.PostEventAsync($"m-{Guid.NewGuid():N}", "page_view", "metrics-user")).Dispose();

        // The apply histogram appears once a consumer has applied a batch, which happens in the background after the
        // ingest is acknowledged: scrape until it is there (or give up and let the assertions say what is missing).
        string text;
        string? mediaType;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            using var response = await Server.Client.GetAsync("/metrics");
            text = await response.Content.ReadAsStringAsync();
            mediaType = response.Content.Headers.ContentType?.MediaType;
            if (text.Contains("# TYPE microstreams_apply_duration_seconds histogram", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("text/plain", mediaType);
        Assert.Contains("# TYPE microstreams_http_ingest_events_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"microstreams_http_ingest_events_total\{[^}]*\} [1-9]", text);
        Assert.Matches(@"microstreams_partition_lag\{[^}]*partition=""0""\}", text);
        Assert.Matches(@"microstreams_partition_lag_time_seconds\{[^}]*partition=""3""\}", text);
        Assert.Matches(@"microstreams_consumer_lag\{[^}]*partition=""1"",processor=""churn_detection""\}", text);
        Assert.Contains("# TYPE microstreams_timers_armed gauge", text, StringComparison.Ordinal);
        Assert.Contains("microstreams_deadletters_created_total", text, StringComparison.Ordinal);
        Assert.Contains("microstreams_effects_delivered_total", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE microstreams_ingest_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"microstreams_ingest_batch_size_count\{[^}]*\} [1-9]", text);
        Assert.Contains("# TYPE microstreams_apply_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_ReadTheHostsMeters_InTheShapeTheDashboardReads()
    {
        var user = ServerFixture.NewKey("s");
        (await Server.PostEventAsync($"s-{user}", "user_signin", user)).Dispose();
        await Server.WaitForWorkerAsync("churn_detection", user, _ => true);

        var stats = await Eventually.GetAsync(async () =>
        {
            var read = await Server.GetJsonAsync("/api/stats");
            var counters = Server.Runtime.Counters();
            var same = read.GetProperty("counters").GetProperty("events").GetInt64() == counters.Events
                && read.GetProperty("counters").GetProperty("applied").GetInt64() == counters.Applied;
            return (same, read);
        }, "stats matching the runtime's counters");

        var shown = stats.GetProperty("counters");
        Assert.True(shown.GetProperty("applied").GetInt64() >= 1);
        Assert.Equal(Server.Runtime.Counters().Workers, shown.GetProperty("workers").GetInt64());
        Assert.Equal(
            ["applied", "commits", "deadLetters", "deliveryRetries", "effectsDecided", "effectsDelivered", "effectsUndeliverable", "events", "failed", "ignoredRetired", "notActivated", "parked", "timersFired", "workers"],
            shown.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Server.Runtime.ArmedTimers(), stats.GetProperty("armedTimers").GetInt64());
        Assert.True(stats.TryGetProperty("backlog", out _) && stats.TryGetProperty("deadLettersPending", out _) && stats.GetProperty("backlogLimit").GetInt64() > 0);
    }

    [Fact]
    public async Task Health_AndReadiness_AreOk()
    {
        using var health = await Server.Anonymous.GetAsync("/healthz");
        using var ready = await Server.Anonymous.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Dashboard_IsServedFromEmbeddedAssets()
    {
        var html = await Server.Anonymous.GetStringAsync("/");
        using var script = await Server.Anonymous.GetAsync("/dashboard/app.js");

        Assert.Contains("/dashboard/app.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }
}
