using System.Net;
using System.Text;
using System.Text.Json;

namespace MicroStreams.Http.Tests.DeadLetters;

public sealed class DeadLetterRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TestServer Server => fixture.Server;

    /// <summary>A sale with a negative price makes the sales milestone throw: its worker is quarantined and later events park.</summary>
    private async Task<string> QuarantineAUserAsync()
    {
        var user = ServerFixture.NewKey("dl");
        (await Server.PostEventAsync($"c-{user}", "user_created", user, """{"email":"d@example.com"}""")).Dispose();
        (await Server.PostEventAsync($"s1-{user}", "sale_complete", user, """{"price":-5}""")).Dispose();
        (await Server.PostEventAsync($"s2-{user}", "sale_complete", user, """{"price":10}""")).Dispose();
        await Server.WaitForWorkerAsync("sales_milestone", user, w => w.GetProperty("deadLetters").GetArrayLength() == 2);
        return user;
    }

    private async Task<List<JsonElement>> LettersOfAsync(string user, string status = "") =>
        [.. (await Server.GetJsonAsync($"/api/deadletters?key={user}&status={status}")).GetProperty("items").EnumerateArray()];

    private Task<HttpResponseMessage> AdminPostAsync(string path) =>
        Server.PostAsync(path, string.Empty, "application/json", TestServer.AdminKey);

    [Fact]
    public async Task List_FiltersByWorkerAndKind_AndReadsOne()
    {
        var user = await QuarantineAUserAsync();

        var failed = (await Server.GetJsonAsync($"/api/deadletters?processor=sales_milestone&key={user}&kind=handlerFailed")).GetProperty("items");
        var one = await Server.GetJsonAsync($"/api/deadletters/{failed[0].GetProperty("id").GetInt64()}");

        Assert.Equal(1, failed.GetArrayLength());
        Assert.Equal($"s1-{user}", one.GetProperty("eventId").GetString());
        Assert.Equal(-5, one.GetProperty("raw").GetProperty("data").GetProperty("price").GetInt32());
        var worker = await Server.GetJsonAsync($"/api/processors/sales_milestone/workers/{user}");
        Assert.Equal("quarantined", worker.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sale_WhenPriceIsAString_IsDeadLetteredNamingTheFieldAndItsType()
    {
        var user = ServerFixture.NewKey("dl");
        (await Server.PostEventAsync($"c-{user}", "user_created", user)).Dispose();

        (await Server.PostEventAsync($"s1-{user}", "sale_complete", user, """{"price":"abc"}""")).Dispose();

        // The view may show the letter a moment before the quarantined status: wait for both.
        await Server.WaitForWorkerAsync("sales_milestone", user, w => w.GetProperty("deadLetters").GetArrayLength() == 1 && w.GetProperty("status").GetString() == "quarantined");
        var letter = Assert.Single(await LettersOfAsync(user));
        Assert.Contains("price: expected a number, got string \"abc\"", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PagesWithTheNextLink()
    {
        var user = await QuarantineAUserAsync();

        var first = await Server.GetJsonAsync($"/api/deadletters?key={user}&limit=1");
        var second = await Server.GetJsonAsync(first.GetProperty("next").GetString()!);

        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("id").GetInt64(), second.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.True(first.GetProperty("items")[0].GetProperty("id").GetInt64() > second.GetProperty("items")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task RedriveOne_ReappliesTheWorkersLettersInOrder()
    {
        var user = await QuarantineAUserAsync();
        var letters = await LettersOfAsync(user, "pending");

        using var response = await AdminPostAsync($"/api/deadletters/{letters[^1].GetProperty("id").GetInt64()}/redrive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, summary.GetProperty("redriven").GetInt32());
        foreach (var letter in letters)
        {
            Assert.Equal("redriven", (await Server.GetJsonAsync($"/api/deadletters/{letter.GetProperty("id").GetInt64()}")).GetProperty("status").GetString());
        }

        // The negative price still throws on redrive: it is dead-lettered again, with the parked sale behind it, in order.
        var again = await LettersOfAsync(user, "pending");
        Assert.Equal([$"s2-{user}", $"s1-{user}"], again.Select(l => l.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task RedriveFilteredSet_RedrivesEveryMatchingWorker()
    {
        var user = await QuarantineAUserAsync();

        using var response = await AdminPostAsync($"/api/deadletters/redrive?processor=sales_milestone&key={user}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, summary.GetProperty("workers").GetInt32());
        Assert.Equal(2, summary.GetProperty("redriven").GetInt32());
    }

    [Fact]
    public async Task Discard_MarksTheLetterDiscarded_AndASecondDiscardConflicts()
    {
        var user = await QuarantineAUserAsync();
        var id = (await LettersOfAsync(user, "pending"))[0].GetProperty("id").GetInt64();

        using var discarded = await Server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/deadletters/{id}?code={TestServer.AdminKey}"));
        using var again = await AdminPostAsync($"/api/deadletters/{id}/discard");
        using var redrive = await AdminPostAsync($"/api/deadletters/{id}/redrive");

        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        Assert.Equal("discarded", (await Server.GetJsonAsync($"/api/deadletters/{id}")).GetProperty("status").GetString());
        await Problems.AssertProblemAsync(again, 409);
        await Problems.AssertProblemAsync(redrive, 409);
    }

    [Fact]
    public async Task Redrive_OfALetterThatReachedNoWorker_Conflicts()
    {
        await Server.Runtime.AppendRawAsync("raw-key", Encoding.UTF8.GetBytes("not a cloud event"));
        var letter = await Eventually.GetAsync(async () =>
        {
            var items = (await Server.GetJsonAsync("/api/deadletters?kind=unparseable&status=pending")).GetProperty("items");
            return (items.GetArrayLength() > 0, items.GetArrayLength() > 0 ? items[0] : default);
        }, "an unparseable dead letter");

        using var response = await AdminPostAsync($"/api/deadletters/{letter.GetProperty("id").GetInt64()}/redrive");

        await Problems.AssertProblemAsync(response, 409);
    }

    [Theory]
    [InlineData("/api/deadletters?kind=bogus")]
    [InlineData("/api/deadletters?status=7")]
    [InlineData("/api/deadletters?limit=0")]
    [InlineData("/api/deadletters?limit=abc")]
    [InlineData("/api/deadletters?before=-1")]
    public async Task List_WithABadFilter_Returns400Problem(string path)
    {
        using var response = await Server.Client.GetAsync(path);

        await Problems.AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        using var response = await Server.Client.GetAsync("/api/deadletters/987654321");

        await Problems.AssertProblemAsync(response, 404);
    }
}
