using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MicroStreams.Http.Tests.Auth;

public sealed class KeyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData("GET", "/api/processors")]
    [InlineData("GET", "/api/partitions")]
    [InlineData("GET", "/api/deadletters")]
    [InlineData("GET", "/metrics")]
    [InlineData("POST", "/api/events")]
    [InlineData("POST", "/v1/batch")]
    [InlineData("POST", "/api/deadletters/redrive")]
    public async Task Route_WithoutAKey_Returns401Problem(string method, string path)
    {
        using var response = await Server.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.AssertProblemAsync(response, 401);
    }

    [Fact]
    public async Task Route_WithAWrongKey_Returns401Problem()
    {
        using var response = await Server.PostAsync("/api/events", TestServer.Event("k", "page_view", "u"), "application/cloudevents+json", key: "not-the-key");

        await Problems.AssertProblemAsync(response, 401);
    }

    [Theory]
    [InlineData("/api/deadletters/redrive")]
    [InlineData("/api/deadletters/1/redrive")]
    [InlineData("/api/deadletters/1/discard")]
    [InlineData("/api/admin/clock/advance?by=P1D")]
    public async Task AdminRoute_WithTheFunctionKey_Returns403Problem(string path)
    {
        using var response = await Server.Client.PostAsync(path, null);

        await Problems.AssertProblemAsync(response, 403);
    }

    [Fact]
    public async Task Route_WithTheKeyInTheCodeQueryParameter_IsAllowed()
    {
        using var response = await Server.Anonymous.GetAsync($"/api/processors?code={TestServer.FunctionKey}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminKey_WorksWhereTheFunctionKeyDoes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/processors");
        request.Headers.Add("x-functions-key", TestServer.AdminKey);

        using var response = await Server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SegmentRoute_WithTheWriteKeyAsBasicUser_IsAllowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/track")
        {
            Content = new StringContent("""{"userId":"basic-user","event":"page_view","messageId":"basic-1"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(TestServer.FunctionKey + ":")));

        using var response = await Server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/api/openapi.json")]
    [InlineData("/")]
    [InlineData("/dashboard/app.js")]
    public async Task PublicRoute_NeedsNoKey(string path)
    {
        using var response = await Server.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
