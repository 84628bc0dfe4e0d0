namespace MicroStreams.Http.Tests.Ingest;

public sealed class BackpressureTests
{
    [Fact]
    public async Task PostEvents_WhenTheBacklogPassesTheLimit_Returns429WithRetryAfter()
    {
        // Nothing consumes in the background, so every appended event stays in the backlog.
        await using var server = await TestServer.StartAsync(
            new() { ["MicroStreams:Http:BacklogLimit"] = "3", ["MicroStreams:Http:RetryAfter"] = "00:00:02" },
            runtime: o => o.RunBackground = false);
        var batch = "[" + string.Join(',', Enumerable.Range(0, 4).Select(i => TestServer.Event($"bp-{i}", "page_view", "u"))) + "]";
        using var accepted = await server.PostAsync("/api/events", batch, "application/cloudevents-batch+json");

        using var refused = await server.PostEventAsync("bp-next", "page_view", "u");
        using var segment = await server.PostAsync("/v1/track", """{"userId":"u","event":"e"}""", "application/json");
        using var ready = await server.Anonymous.GetAsync("/readyz");

        Assert.True(accepted.IsSuccessStatusCode);
        await Problems.AssertProblemAsync(refused, 429);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        await Problems.AssertProblemAsync(segment, 429);
        await Problems.AssertProblemAsync(ready, 503);
        await server.Runtime.DrainAsync();
        using var afterDrain = await server.PostEventAsync("bp-after", "page_view", "u");
        Assert.True(afterDrain.IsSuccessStatusCode);
        server.DeleteData();
    }
}
