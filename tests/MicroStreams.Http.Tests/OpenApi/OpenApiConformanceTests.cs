using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroStreams.Http.Tests.OpenApi;

/// <summary>The generated OpenAPI document against a real serve: every route is called and every answer matches it.</summary>
public sealed partial class OpenApiConformanceTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private DocumentedResponses _documented = null!;
    private JsonElement _document;
    private readonly HashSet<string> _called = [];
    private readonly List<string> _failures = [];

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(simulatedClock: true);
        _document = JsonDocument.Parse(await _server.Anonymous.GetStringAsync("/api/openapi.json")).RootElement.Clone();
        _documented = new DocumentedResponses(_document);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _server.DeleteData();
    }

    [Fact]
    public void Document_IsOpenApi3_WithTheKeySchemesAndProblemDocuments()
    {
        Assert.StartsWith("3.", _document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("x-functions-key", schemes.GetProperty("functionKey").GetProperty("name").GetString());
        Assert.Equal("query", schemes.GetProperty("functionKeyQuery").GetProperty("in").GetString());
        Assert.Equal("basic", schemes.GetProperty("writeKey").GetProperty("scheme").GetString());
        var tenants = _document.GetProperty("paths").GetProperty("/api/tenants").GetProperty("get");
        Assert.Equal(["adminKey", "adminKeyQuery"], tenants.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
        Assert.True(tenants.GetProperty("responses").GetProperty("403").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var track = _document.GetProperty("paths").GetProperty("/v1/track").GetProperty("post");
        Assert.Contains(track.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Content-Encoding" && p.GetProperty("in").GetString() == "header");
        Assert.Contains(_document.GetProperty("paths").GetProperty("/api/deadletters").GetProperty("get").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "kind");
    }

    [Fact]
    public async Task EveryRoute_AnswersAsTheDocumentSays()
    {
        var user = "conformance-user";
        await CallAsync("POST", "/api/events", "/api/events", Json(TestServer.Event("c-1", "user_signin", user), "application/cloudevents+json"));
        await CallAsync("POST", "/api/events", "/api/events", Json($"[{TestServer.Event("c-2", "sale_complete", user, """{"price":3}""")}]", "application/cloudevents-batch+json"));
        await CallAsync("POST", "/api/events", "/api/events", Json("""{"specversion":"1.0"}""", "application/cloudevents+json"));
        await CallAsync("POST", "/api/events", "/api/events", Json("x", "text/plain"));
        await CallAsync("POST", "/api/events", "/api/events", Json(TestServer.Event("c-3", "user_signin", user), "application/cloudevents+json"), key: null);
        await CallAsync("POST", "/v1/batch", "/v1/batch", Json("""{"batch":[{"type":"track","event":"Clicked","userId":"s-1","messageId":"seg-1"}]}"""));
        foreach (var call in new[] { "track", "identify", "page", "screen", "group", "alias" })
        {
            await CallAsync("POST", $"/v1/{call}", $"/v1/{call}", Json($$"""{"type":"{{call}}","event":"Clicked","userId":"s-2","previousId":"s-0","groupId":"g","name":"Home","messageId":"seg-{{call}}"}"""));
        }

        await _server.WaitForWorkerAsync("churn_detection", user, _ => true);
        await _server.Runtime.AppendRawAsync("broken", Encoding.UTF8.GetBytes("not an event"));
        var letter = await Eventually.GetAsync(async () =>
        {
            var page = await _server.GetJsonAsync("/api/deadletters?kind=unparseable");
            var items = page.GetProperty("items");
            return (items.GetArrayLength() > 0, items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetInt64() : 0);
        }, "a dead letter");

        await CallAsync("GET", "/api/processors", "/api/processors");
        await CallAsync("GET", "/api/processors/{name}", "/api/processors/churn_detection");
        await CallAsync("GET", "/api/processors/{name}", "/api/processors/nope");
        await CallAsync("GET", "/api/processors/{name}/workers/{key}", $"/api/processors/churn_detection/workers/{user}");
        await CallAsync("GET", "/api/processors/{name}/workers/{key}", "/api/processors/churn_detection/workers/never");
        await CallAsync("GET", "/api/partitions", "/api/partitions");
        var events = JsonDocument.Parse(await CallAsync("GET", "/api/events", "/api/events?limit=5")).RootElement;
        var latest = events.GetProperty("items")[0];
        await CallAsync("GET", "/api/events", "/api/events?limit=nope");
        await CallAsync("GET", "/api/events/{partition}/{sequence}", $"/api/events/{latest.GetProperty("partition").GetInt32()}/{latest.GetProperty("sequence").GetInt64()}");
        await CallAsync("GET", "/api/events/{partition}/{sequence}", "/api/events/0/999999");
        await CallAsync("GET", "/api/processors/{name}/workers", "/api/processors/churn_detection/workers?prefix=conf&limit=2");
        await CallAsync("GET", "/api/processors/{name}/workers", "/api/processors/nope/workers");
        await CallAsync("GET", "/api/effects", "/api/effects?limit=5");
        await CallAsync("GET", "/api/effects", "/api/effects?state=nope");
        await CallAsync("GET", "/api/effects/destinations", "/api/effects/destinations");
        await CallAsync("GET", "/api/stats", "/api/stats");
        await CallAsync("GET", "/api/deadletters", "/api/deadletters?status=pending&limit=1");
        await CallAsync("GET", "/api/deadletters", "/api/deadletters?limit=0");
        await CallAsync("GET", "/api/deadletters/{id}", $"/api/deadletters/{letter}");
        await CallAsync("GET", "/api/deadletters/{id}", "/api/deadletters/999999");
        await CallAsync("POST", "/api/deadletters/{id}/redrive", $"/api/deadletters/{letter}/redrive", key: TestServer.AdminKey);
        await CallAsync("POST", "/api/deadletters/{id}/discard", $"/api/deadletters/{letter}/discard", key: TestServer.AdminKey);
        await CallAsync("DELETE", "/api/deadletters/{id}", $"/api/deadletters/{letter}", key: TestServer.AdminKey);
        await CallAsync("POST", "/api/deadletters/redrive", "/api/deadletters/redrive?processor=churn_detection", key: TestServer.AdminKey);
        await CallAsync("POST", "/api/deadletters/redrive", "/api/deadletters/redrive", key: TestServer.FunctionKey);

        var projection = (await _server.GetJsonAsync("/api/projections")).GetProperty("projections").EnumerateArray()
            .First(p => p.GetProperty("processors").EnumerateArray().Any(n => n.GetString() == "churn_detection")).GetProperty("name").GetString()!;
        await CallAsync("GET", "/api/projections", "/api/projections");
        await CallAsync("GET", "/api/projections/{name}/rows", $"/api/projections/{projection}/rows?limit=1");
        await CallAsync("GET", "/api/projections/{name}/rows", $"/api/projections/{projection}/rows?limit=nope");
        await CallAsync("GET", "/api/projections/{name}/rows/{key}", $"/api/projections/{projection}/rows/{user}");
        await CallAsync("GET", "/api/projections/{name}/rows/{key}", $"/api/projections/{projection}/rows/nobody");

        var replay = await CallAsync("POST", "/api/replays", "/api/replays", Json("""{"processor":"churn_detection","shadow":true}"""), TestServer.AdminKey);
        var replayId = JsonDocument.Parse(replay).RootElement.GetProperty("id").GetString();
        await CallAsync("POST", "/api/replays", "/api/replays", Json("""{"processor":"nope"}"""), TestServer.AdminKey);
        await CallAsync("GET", "/api/replays", "/api/replays");
        await CallAsync("GET", "/api/replays/{id}", $"/api/replays/{replayId}");
        await CallAsync("DELETE", "/api/replays/{id}", $"/api/replays/{replayId}", key: TestServer.AdminKey);
        await CallAsync("GET", "/api/replays/{id}", "/api/replays/nope");

        var tenant = Json("""{"destinations":[{"name":"crm","url":"https://crm.example/in","eventTypes":["sale_complete"]}]}""");
        await CallAsync("PUT", "/api/tenants/{tenant}", "/api/tenants/acme", tenant, TestServer.AdminKey);
        await CallAsync("PUT", "/api/tenants/{tenant}", "/api/tenants/acme", Json("""{"destinations":[{"name":"crm","url":"https://crm.example/in","eventTypes":["sale_complete"]}]}"""), TestServer.AdminKey);
        await CallAsync("PUT", "/api/tenants/{tenant}", "/api/tenants/acme", Json("""{"destinations":[{"name":"","url":"ftp://x"}]}"""), TestServer.AdminKey);
        await CallAsync("GET", "/api/tenants", "/api/tenants", key: TestServer.AdminKey);
        await CallAsync("GET", "/api/tenants", "/api/tenants");
        await CallAsync("GET", "/api/tenants/{tenant}", "/api/tenants/acme", key: TestServer.AdminKey);
        await CallAsync("DELETE", "/api/tenants/{tenant}", "/api/tenants/acme", key: TestServer.AdminKey);
        await CallAsync("DELETE", "/api/tenants/{tenant}", "/api/tenants/acme", key: TestServer.AdminKey);

        await CallAsync("GET", "/healthz", "/healthz", key: null);
        await CallAsync("GET", "/readyz", "/readyz", key: null);
        await CallAsync("GET", "/metrics", "/metrics");
        await CallAsync("GET", "/api/clock", "/api/clock");
        await CallAsync("POST", "/api/admin/clock/advance", "/api/admin/clock/advance?by=PT1M", key: TestServer.AdminKey);
        await CallAsync("POST", "/api/admin/clock/advance", "/api/admin/clock/advance?by=soon", key: TestServer.AdminKey);
        await CallAsync("GET", "/", "/", key: null);
        await CallAsync("GET", "/dashboard/{file}", "/dashboard/app.js", key: null);
        await CallAsync("GET", "/dashboard/{file}", "/dashboard/nope.js", key: null);
        await CallAsync("GET", "/dashboard/pages", "/dashboard/pages", key: null);
        await CallAsync("GET", "/dashboard/pages/{name}", "/dashboard/pages/tenants", key: null);
        await CallAsync("GET", "/dashboard/pages/{name}", "/dashboard/pages/nope", key: null);

        Assert.True(_failures.Count == 0, string.Join("\n", _failures));
        Assert.Empty(DocumentedRoutes().Except(_called));
    }

    [Fact]
    public async Task ApiReference_IsServedWithItsScriptsFromTheServer()
    {
        var page = await _server.Anonymous.GetStringAsync("/api/docs/");
        var scripts = ScriptSource().Matches(page).Select(m => m.Groups[1].Value).ToList();

        // Scalar resolves the document's URL against the page's base path (the page's path less /api/docs/).
        Assert.Contains("\"url\":\"api/openapi.json\"", page, StringComparison.Ordinal);
        Assert.Equal(["scalar.js", "scalar.aspnetcore.js"], scripts);
        foreach (var script in scripts)
        {
            using var response = await _server.Anonymous.GetAsync($"/api/docs/{script}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True((await _server.Anonymous.GetByteArrayAsync("/api/docs/scalar.js")).Length > 100_000, "scalar.js is the whole bundle, not a loader");
    }

    private IEnumerable<string> DocumentedRoutes() =>
        _server.Instance.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(route => route.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(route => (route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Single() ?? "GET") + " " + Template(route.RoutePattern.RawText!));

    private static string Template(string raw) => "/" + RouteConstraint().Replace(raw.TrimStart('/'), "{$1}").Replace("{**", "{", StringComparison.Ordinal);

    private static StringContent Json(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private async Task<string> CallAsync(string method, string template, string path, HttpContent? body = null, string? key = TestServer.FunctionKey)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await _server.Anonymous.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        _called.Add($"{method} {template}");
        if (_documented.Check(method, template, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text) is { } failure)
        {
            _failures.Add(failure);
        }

        return text;
    }

    [GeneratedRegex(@"\{(\w+):\w+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
