using System.Net;
using System.Text;
using System.Text.Json;

namespace MicroStreams.Http.Tests.Ingest;

public sealed class CloudEventsIngestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task PostEvents_Structured_IsAppliedToTheWorkerState()
    {
        var user = ServerFixture.NewKey("u");

        using var response = await Server.PostEventAsync($"e-{user}", "user_signin", user, """{"email":"a@example.com"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        var worker = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        Assert.Equal("active", worker.GetProperty("status").GetString());
        Assert.Contains("a@example.com", worker.GetProperty("state").GetRawText(), StringComparison.Ordinal);
        Assert.Equal($"e-{user}", worker.GetProperty("recentEvents")[0].GetProperty("id").GetString());
        Assert.Equal("inactive", worker.GetProperty("timers")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task PostEvents_Batch_AppendsEveryEventWithItsPosition()
    {
        var user = ServerFixture.NewKey("u");
        var batch = $"[{TestServer.Event($"b1-{user}", "user_signin", user)},{TestServer.Event($"b2-{user}", "user_signin", user)}]";

        using var response = await Server.PostAsync("/api/events", batch, "application/cloudevents-batch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, receipt.GetProperty("accepted").GetInt32());
        var positions = receipt.GetProperty("positions").EnumerateArray().ToList();
        Assert.Equal(positions[0].GetProperty("partition").GetInt32(), positions[1].GetProperty("partition").GetInt32());
        Assert.Equal(positions[0].GetProperty("sequence").GetInt64() + 1, positions[1].GetProperty("sequence").GetInt64());
        await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 2);
    }

    [Fact]
    public async Task PostEvents_Binary_MapsCeHeadersToAttributesAndTheBodyToData()
    {
        var user = ServerFixture.NewKey("u");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent("""{"email":"binary@example.com"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", $"bin-{user}");
        request.Headers.Add("ce-source", "tests/binary");
        request.Headers.Add("ce-type", "user_signin");
        request.Headers.Add("ce-subject", user);

        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var worker = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() == 1);
        var stored = worker.GetProperty("recentEvents")[0].GetProperty("event");
        Assert.Equal("tests/binary", stored.GetProperty("source").GetString());
        Assert.Equal("binary@example.com", stored.GetProperty("data").GetProperty("email").GetString());
    }

    [Fact]
    public async Task PostEvents_RetriedRequest_IsNotAppendedTwice()
    {
        var user = ServerFixture.NewKey("u");
        using var first = await Server.PostEventAsync($"retry-{user}", "user_signin", user);

        using var retry = await Server.PostEventAsync($"retry-{user}", "user_signin", user);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var receipt = JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, receipt.GetProperty("accepted").GetInt32());
        Assert.Equal(1, receipt.GetProperty("duplicates").GetInt32());
        using var later = await Server.PostEventAsync($"after-{user}", "user_signin", user);
        var worker = await Server.WaitForWorkerAsync("churn_detection", user, w => w.GetProperty("eventsApplied").GetInt64() >= 2);
        Assert.Equal(2, worker.GetProperty("eventsApplied").GetInt64());
    }

    [Fact]
    public async Task PostEvents_BadJson_Returns400ProblemAndAppendsNothing()
    {
        var heads = Server.Runtime.Partitions().Sum(p => p.Head);

        using var response = await Server.PostAsync("/api/events", "{\"specversion\":", "application/cloudevents+json");

        var problem = await Problems.AssertProblemAsync(response, 400);
        var error = Assert.Single(Problems.Errors(problem));
        Assert.Equal((0, "$"), (error.Index, error.Field));
        Assert.Equal(heads, Server.Runtime.Partitions().Sum(p => p.Head));
    }

    [Fact]
    public async Task PostEvents_BatchWithBadEvents_NamesEachAndAppendsNone()
    {
        var user = ServerFixture.NewKey("u");
        var heads = Server.Runtime.Partitions().Sum(p => p.Head);
        var batch = $$"""[{{TestServer.Event($"ok-{user}", "user_signin", user)}},{"specversion":"1.0","source":"s","type":"t","subject":"x"},{"specversion":"1.0","id":"i","source":"s","subject":"x"},{"specversion":"1.0","id":"i2","source":"s","type":"t"}]""";

        using var response = await Server.PostAsync("/api/events", batch, "application/cloudevents-batch+json");

        var problem = await Problems.AssertProblemAsync(response, 400);
        var errors = Problems.Errors(problem).Select(e => (e.Index, e.Field)).ToList();
        Assert.Equal([(1, "id"), (2, "type"), (3, "subject")], errors);
        Assert.Equal(heads, Server.Runtime.Partitions().Sum(p => p.Head));
    }

    [Fact]
    public async Task PostEvents_BatchThatIsNotAnArray_Returns400()
    {
        using var response = await Server.PostAsync("/api/events", TestServer.Event("x", "t", "s"), "application/cloudevents-batch+json");

        await Problems.AssertProblemAsync(response, 400);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task PostEvents_WrongContentTypeWithoutCeHeaders_Returns415(string contentType)
    {
        using var response = await Server.PostAsync("/api/events", TestServer.Event("x", "t", "s"), contentType);

        await Problems.AssertProblemAsync(response, 415);
    }

    [Fact]
    public async Task PostEvents_RequestOverTheLimit_Returns413()
    {
        var big = "[" + string.Join(',', Enumerable.Range(0, 100).Select(i => TestServer.Event($"big-{i}", "page_view", "u", $$"""{"pad":"{{new string('x', 1000)}}"}"""))) + "]";

        using var response = await Server.PostAsync("/api/events", big, "application/cloudevents-batch+json");

        await Problems.AssertProblemAsync(response, 413);
    }

    [Fact]
    public async Task PostEvents_EventOverTheEventLimit_Returns413NamingIt()
    {
        var batch = $$"""[{{TestServer.Event("small", "page_view", "u")}},{{TestServer.Event("large", "page_view", "u", $$"""{"pad":"{{new string('x', 5000)}}"}""")}}]""";

        using var response = await Server.PostAsync("/api/events", batch, "application/cloudevents-batch+json");

        var problem = await Problems.AssertProblemAsync(response, 413);
        Assert.Equal(1, Assert.Single(Problems.Errors(problem)).Index);
    }
}
