using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Tests.Azurite;
using MicroStreams.Functions.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Http;

public sealed class DeadLettersApiTests
{
    private readonly BlobDeadLetterStore _store = new(AzuriteStorage.Blobs().GetBlobContainerClient(AzuriteStorage.UniqueName("deadletter")));
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly DeadLettersApi _api;
    private readonly DeadLetterDocument _failed = DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, "counter", "alice", Log(0, 5, "item", "alice"), "boom", 3, T0);
    private readonly DeadLetterDocument _poison = DeadLetterDocument.ForUnparseable(Record(1, 2, "junk"), "$: not valid JSON", T0);

    public DeadLettersApiTests()
    {
        _api = new DeadLettersApi(_store, new ManualClock(T0));
        _store.WriteAsync([_failed, _poison, DeadLetterDocument.ForEvent(DeadLetterKind.Parked, "counter", "bob", Log(0, 6, "item", "bob"), "parked", 0, T0)], CancellationToken.None).GetAwaiter().GetResult();
    }

    private static HttpRequest Query(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private static int? Status(IActionResult result) => Assert.IsAssignableFrom<ObjectResult>(result).StatusCode;

    [Fact]
    public async Task ListAsync_WhenFilteredByProcessorAndKind_ReturnsOnlyMatchesInLogOrder()
    {
        var result = await _api.ListAsync(Query("?processor=counter&kind=handlerfailed"), CancellationToken.None);

        Assert.Equal(200, Status(result));
        Assert.Contains(_failed.Id, System.Text.Json.JsonSerializer.Serialize(((ObjectResult)result).Value), StringComparison.Ordinal);
        Assert.DoesNotContain("bob", System.Text.Json.JsonSerializer.Serialize(((ObjectResult)result).Value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?kind=weird")]
    [InlineData("?partition=-1")]
    public async Task ListAsync_WhenAFilterIsInvalid_Returns400(string query) =>
        Assert.Equal(400, Status(await _api.ListAsync(Query(query), CancellationToken.None)));

    [Fact]
    public async Task GetAsync_WhenTheIdIsUnknown_Returns404() =>
        Assert.Equal(404, Status(await _api.GetAsync("p9999-s0-nope", CancellationToken.None)));

    [Fact]
    public async Task RedriveOneAsync_WhenTheLetterIsPending_StartsARedriveAndReturns202()
    {
        var result = await _api.RedriveOneAsync(_client.Object, _failed.Id, CancellationToken.None);

        Assert.Equal(202, Status(result));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == DeadLettersApi.RedriveOrchestrationName),
            It.Is<object?>(i => ((RedriveInput)i!).DeadLetterIds.Single() == _failed.Id && ((RedriveInput)i!).Key == "alice"),
            It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RedriveOneAsync_WhenTheRecordIsUnparseable_Returns409()
    {
        Assert.Equal(409, Status(await _api.RedriveOneAsync(_client.Object, _poison.Id, CancellationToken.None)));
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RedriveSetAsync_WhenNoProcessorIsGiven_Returns400() =>
        Assert.Equal(400, Status(await _api.RedriveSetAsync(_client.Object, Query("?kind=parked"), CancellationToken.None)));

    [Fact]
    public async Task RedriveSetAsync_WhenLettersSpanWorkers_StartsOneRedrivePerWorker()
    {
        var result = await _api.RedriveSetAsync(_client.Object, Query("?processor=counter"), CancellationToken.None);

        Assert.Equal(202, Status(result));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task ListAsync_WhenAPageIsFull_ShowsSummariesWithCamelCaseKindsAndLinksTheNextPageWithTheSameFilters()
    {
        var result = await _api.ListAsync(Query("?processor=counter&limit=1"), CancellationToken.None);

        var page = System.Text.Json.JsonSerializer.SerializeToElement(((ObjectResult)result).Value, System.Text.Json.JsonSerializerOptions.Web);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(("handlerFailed", "pending"), (item.GetProperty("kind").GetString(), item.GetProperty("status").GetString()));
        Assert.Equal($"/api/deadletters?processor=counter&limit=1&after={_failed.Id}", page.GetProperty("next").GetString());
    }

    [Fact]
    public async Task GetAsync_ShowsTheEventUnderRawAsTheEmbeddedHostDoes()
    {
        var result = await _api.GetAsync(_failed.Id, CancellationToken.None);

        var letter = System.Text.Json.JsonSerializer.SerializeToElement(((ObjectResult)result).Value, System.Text.Json.JsonSerializerOptions.Web);
        Assert.Equal("item", letter.GetProperty("raw").GetProperty("type").GetString());
    }

    [Fact]
    public async Task DiscardAsync_WhenPendingThenAgain_Returns200WithTheNewStatusThen409()
    {
        var first = await _api.DiscardAsync(_failed.Id, CancellationToken.None);
        var second = await _api.DiscardAsync(_failed.Id, CancellationToken.None);

        Assert.Equal((200, 409), (Status(first), Status(second)));
        Assert.Equal($$"""{"id":"{{_failed.Id}}","status":"discarded"}""", System.Text.Json.JsonSerializer.Serialize(((ObjectResult)first).Value));
        Assert.Equal(DeadLetterStatus.Discarded, (await _store.GetAsync(_failed.Id, CancellationToken.None))!.Status);
    }
}
