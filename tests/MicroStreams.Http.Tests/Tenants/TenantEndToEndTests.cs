using System.Net;
using System.Text;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Tenants;

/// <summary>Tenants edited over HTTP on a real serve, with the push processor forwarding to a real webhook receiver.</summary>
public sealed class TenantEndToEndTests
{
    private static async Task<HttpResponseMessage> PutTenantAsync(TestServer server, string tenant, string destinations)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/{tenant}") { Content = new StringContent($$"""{"destinations":[{{destinations}}]}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", TestServer.AdminKey);
        return await server.Anonymous.SendAsync(request);
    }

    private static async Task<JsonElement> ListAsync(TestServer server)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants");
        request.Headers.Add("x-functions-key", TestServer.AdminKey);
        using var response = await server.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Task<(string Hook, JsonElement Body)> BatchAsync(WebhookCatcher catcher, string eventId) =>
        Eventually.GetAsync(() =>
        {
            var found = catcher.Batches.FirstOrDefault(b => b.Body.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("id").GetString() == eventId));
            return Task.FromResult((found.Hook is not null, found));
        }, $"a webhook batch holding event {eventId}");

    [Fact]
    public async Task PutTenant_ForwardsItsEventsToItsWebhook_AndAUrlChangeAppliesToTheNextBatch()
    {
        await using var catcher = await WebhookCatcher.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["MicroStreams:TenantDirectory:SubscribedEventTypes:0"] = "sale_complete" });
        try
        {
            using var put = await PutTenantAsync(server, "acme", $$"""{"name":"crm","url":"{{catcher.UrlOf("first")}}","eventTypes":["sale_complete"],"maxBatchSize":1}""");
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);

            (await server.PostEventAsync("e2e-1", "sale_complete", "buyer-1", """{"tenant":"acme","price":3}""")).Dispose();
            var first = await BatchAsync(catcher, "e2e-1");
            using var moved = await PutTenantAsync(server, "acme", $$"""{"name":"crm","url":"{{catcher.UrlOf("second")}}","eventTypes":["sale_complete"],"maxBatchSize":1}""");
            (await server.PostEventAsync("e2e-2", "sale_complete", "buyer-2", """{"tenant":"acme","price":4}""")).Dispose();
            var second = await BatchAsync(catcher, "e2e-2");

            Assert.Equal("first", first.Hook);
            Assert.Equal(("acme", "crm"), (first.Body.GetProperty("tenant").GetString(), first.Body.GetProperty("destination").GetString()));
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            Assert.Equal("second", second.Hook);
            Assert.DoesNotContain(catcher.Batches, b => b.Hook == "first" && b.Body.GetProperty("events")[0].GetProperty("id").GetString() == "e2e-2");
        }
        finally
        {
            server.DeleteData();
        }
    }

    [Fact]
    public async Task Start_WithConfiguredTenants_SeedsAnEmptyStoreOnce_AndLaterStartsKeepTheStoredTenants()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "ms-http-" + Guid.NewGuid().ToString("N"));
        static Dictionary<string, string?> Configured(string tenant) => new()
        {
            [$"MicroStreams:Tenants:{tenant}:0:Name"] = "crm",
            [$"MicroStreams:Tenants:{tenant}:0:Url"] = "https://crm.example/in",
            [$"MicroStreams:Tenants:{tenant}:0:EventTypes:0"] = "sale_complete",
        };

        JsonElement first, second;
        try
        {
            await using (var server = await TestServer.StartAsync(Configured("acme"), dataPath: dataPath))
            {
                first = await ListAsync(server);
            }

            await using (var server = await TestServer.StartAsync(Configured("globex"), dataPath: dataPath))
            {
                second = await ListAsync(server);
            }
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }

        Assert.Equal(["acme"], first.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("tenant").GetString()));
        Assert.Equal(["sale_complete"], first.GetProperty("subscribedEventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["acme"], second.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("tenant").GetString()));
    }
}
