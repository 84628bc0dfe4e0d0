using System.Net;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Ingest;

public sealed class SegmentIngestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Track_MapsTheMessageToACloudEvent()
    {
        var user = ServerFixture.NewKey("seg");
        var body = $$$"""{"type":"track","event":"user_signin","userId":"{{{user}}}","messageId":"m-{{{user}}}","timestamp":"2030-01-02T03:04:05Z","properties":{"email":"s@example.com"}}""";

        using var response = await Server.PostAsync("/v1/track", body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var worker = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        var ce = worker.GetProperty("recentEvents")[0].GetProperty("event");
        Assert.Equal("user_signin", ce.GetProperty("type").GetString());
        Assert.Equal(user, ce.GetProperty("subject").GetString());
        Assert.Equal($"m-{user}", ce.GetProperty("id").GetString());
        Assert.Equal("segment", ce.GetProperty("source").GetString());
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), ce.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("s@example.com", ce.GetProperty("data").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Batch_MapsIdentifyAndFallsBackToAnonymousId()
    {
        var anon = ServerFixture.NewKey("anon");
        var body = $$"""
            {"batch":[
              {"type":"identify","anonymousId":"{{anon}}","messageId":"i-{{anon}}","traits":{"plan":"pro"} },
              {"type":"track","event":"user_signin","anonymousId":"{{anon}}","messageId":"t-{{anon}}","properties":{} }
            ]}
            """;

        using var response = await Server.PostAsync("/v1/batch", body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(2, ack.GetProperty("accepted").GetInt32());
        await Server.WaitForWorkerAsync("churn_detection", anon, w => w.GetProperty("eventsApplied").GetInt64() == 1);
    }

    [Fact]
    public async Task Batch_RetriedWithTheSameMessageIds_IsNotAppendedTwice()
    {
        var user = ServerFixture.NewKey("seg");
        var body = $$"""{"batch":[{"type":"track","event":"user_signin","userId":"{{user}}","messageId":"dup-{{user}}"}]}""";
        using var first = await Server.PostAsync("/v1/batch", body, "application/json");

        using var retry = await Server.PostAsync("/v1/batch", body, "application/json");

        var ack = JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, ack.GetProperty("accepted").GetInt32());
        Assert.Equal(1, ack.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Batch_WithBadMessages_NamesEachAndAppendsNone()
    {
        var heads = Server.Runtime.Partitions().Sum(p => p.Head);
        var body = """{"batch":[{"type":"track","event":"ok","userId":"u"},{"type":"track","userId":"u"},{"type":"track","event":"x"},{"type":"track","event":"x","userId":"u","timestamp":"yesterday"},{"type":"nope","userId":"u"}]}""";

        using var response = await Server.PostAsync("/v1/batch", body, "application/json");

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.Equal([(1, "event"), (2, "userId"), (3, "timestamp"), (4, "type")], Problems.Errors(problem).Select(e => (e.Index, e.Field)).ToList());
        Assert.Equal(heads, Server.Runtime.Partitions().Sum(p => p.Head));
    }

    [Theory]
    [InlineData("/v1/batch", "{\"batch\":")]
    [InlineData("/v1/batch", "[]")]
    [InlineData("/v1/track", "42")]
    public async Task Segment_MalformedBody_Returns400Problem(string path, string body)
    {
        using var response = await Server.PostAsync(path, body, "application/json");

        await Problems.AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task Segment_NotJson_Returns415()
    {
        using var response = await Server.PostAsync("/v1/track", "userId=u", "application/x-www-form-urlencoded");

        await Problems.AssertProblemAsync(response, 415);
    }
}
