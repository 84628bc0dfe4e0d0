using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Dashboard;

/// <summary>The effects view's routes over a server whose push tenant points at a port nobody listens on.</summary>
public sealed class EffectApiTests
{
    [Fact]
    public async Task Effects_ListDeliveredAndRetryingEffectsAndEachDestinationsQueueAndBackoff()
    {
        var deadUrl = $"http://127.0.0.1:{ClosedPort()}/hooks";
        await using var server = await StartAsync(deadUrl);
        var user = ServerFixture.NewKey("e");
        (await server.PostEventAsync($"{user}-1", "user_created", user, $$"""{"email":"{{user}}@example.com"}""")).Dispose();
        (await server.PostEventAsync($"{user}-2", "sale_complete", user, """{"price":150,"tenant":"acme"}""")).Dispose();
        (await server.PostEventAsync($"{user}-3", "sale_complete", user + "x", """{"price":1,"tenant":"acme"}""")).Dispose();

        // The first failure backs off the whole destination, so the other effect may wait there untried (pending).
        await Eventually.GetAsync(async () =>
        {
            var page = await server.GetJsonAsync("/api/effects?processor=push_delivery");
            return (page.GetProperty("items").GetArrayLength() == 2, page);
        }, "two webhook effects");
        var retrying = await Eventually.GetAsync(async () =>
        {
            var page = await server.GetJsonAsync("/api/effects?state=retrying");
            return (page.GetProperty("items").GetArrayLength() >= 1, page);
        }, "a webhook effect retrying");
        var delivered = await Eventually.GetAsync(async () =>
        {
            var page = await server.GetJsonAsync("/api/effects?state=delivered&processor=sales_milestone");
            return (page.GetProperty("items").GetArrayLength() == 1, page);
        }, "the milestone email delivered");
        var queues = (await server.GetJsonAsync("/api/effects/destinations")).GetProperty("items");
        var first = await server.GetJsonAsync("/api/effects?limit=2");
        var older = await server.GetJsonAsync(first.GetProperty("next").GetString()!);

        Assert.All(retrying.GetProperty("items").EnumerateArray(), e =>
        {
            Assert.Equal(deadUrl, e.GetProperty("target").GetString());
            Assert.Equal("push_delivery", e.GetProperty("processor").GetString());
            Assert.True(e.GetProperty("attempts").GetInt32() >= 1);
            Assert.True(e.GetProperty("nextAttemptAt").GetDateTimeOffset() > e.GetProperty("createdAt").GetDateTimeOffset());
        });
        var email = delivered.GetProperty("items")[0];
        Assert.Equal(user, email.GetProperty("key").GetString());
        Assert.Equal("achievement", email.GetProperty("payload").GetProperty("template").GetString());
        Assert.Equal(JsonValueKind.Null, email.GetProperty("nextAttemptAt").ValueKind);
        var queue = Assert.Single(queues.EnumerateArray());
        Assert.Equal(deadUrl, queue.GetProperty("target").GetString());
        Assert.Equal(2, queue.GetProperty("pending").GetInt64());
        Assert.Equal(retrying.GetProperty("items").GetArrayLength(), queue.GetProperty("retrying").GetInt64());
        Assert.True(queue.GetProperty("backoffSeconds").GetDouble() > 30, queue.ToString());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, older.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, older.GetProperty("next").ValueKind);
        server.DeleteData();
    }

    internal static Task<TestServer> StartAsync(string url) => TestServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["MicroStreams:Tenants:acme:0:Name"] = "hooks",
            ["MicroStreams:Tenants:acme:0:Url"] = url,
            ["MicroStreams:Tenants:acme:0:EventTypes:0"] = "sale_complete",
            ["MicroStreams:Tenants:acme:0:MaxBatchSize"] = "1",
        },
        runtime: options => options.DeliveryBackoffBase = TimeSpan.FromMinutes(2));

    /// <summary>A loopback port that was free a moment ago: connecting to it is refused.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
