using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Tests.Azurite;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.DeadLetters;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Http;

public sealed class DeadLettersApiTests
{
    private readonly BlobDeadLetterStore _store = new(AzuriteStorage.Blobs().GetBlobContainerClient(AzuriteStorage.UniqueName("deadletter")));
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly BlobDeadLetterDesk _desk;
    private readonly DeadLetterDocument _failed = DeadLetterDocument.ForEvent(DeadLetterKind.HandlerFailed, "counter", "alice", Log(0, 5, "item", "alice"), "boom", 3, T0);
    private readonly DeadLetterDocument _poison = DeadLetterDocument.ForUnparseable(Record(1, 2, "junk"), "$: not valid JSON", T0);

    public DeadLettersApiTests()
    {
        _desk = new BlobDeadLetterDesk(_store, _client.Object, new ManualClock(T0));
        _store.WriteAsync([_failed, _poison, DeadLetterDocument.ForEvent(DeadLetterKind.Parked, "counter", "bob", Log(0, 6, "item", "bob"), "parked", 0, T0)], CancellationToken.None).GetAwaiter().GetResult();
    }

    private Task<Answer> ListAsync(string query) => RunAsync(r => DeadLetterApi.ListAsync(r, _desk, CancellationToken.None), query);

    private Task<Answer> RedriveSetAsync(string query) => RunAsync(r => DeadLetterApi.RedriveSetAsync(r, _desk, CancellationToken.None), query);

    private static async Task<Answer> RunAsync(Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Http.IResult>> handler, string query = "")
    {
        var request = Answer.Request(query: query);
        return await Answer.OfAsync(await handler(request), request);
    }

    [Fact]
    public async Task ListAsync_WhenFilteredByProcessorAndKind_ReturnsOnlyMatchesInLogOrder()
    {
        var answer = await ListAsync("?processor=counter&kind=handlerfailed");

        Assert.Equal(200, answer.Status);
        Assert.Contains(_failed.Id, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?kind=weird")]
    [InlineData("?partition=-1")]
    public async Task ListAsync_WhenAFilterIsInvalid_Returns400(string query) =>
        Assert.Equal(400, (await ListAsync(query)).Status);

    [Fact]
    public async Task GetAsync_WhenTheIdIsUnknown_Returns404() =>
        Assert.Equal(404, (await RunAsync(_ => DeadLetterApi.GetAsync("p9999-s0-nope", _desk, CancellationToken.None))).Status);

    [Fact]
    public async Task RedriveOneAsync_WhenTheLetterIsPending_StartsARedriveAndReturns202()
    {
        var answer = await RunAsync(_ => DeadLetterApi.RedriveOneAsync(_failed.Id, _desk, CancellationToken.None));

        Assert.Equal(202, answer.Status);
        Assert.Equal(1, answer.Json.GetProperty("redriving").GetInt32());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == BlobDeadLetterDesk.RedriveOrchestrationName),
            It.Is<object?>(i => ((RedriveInput)i!).DeadLetterIds.Single() == _failed.Id && ((RedriveInput)i!).Key == "alice"),
            It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RedriveOneAsync_WhenTheRecordIsUnparseable_Returns409()
    {
        Assert.Equal(409, (await RunAsync(_ => DeadLetterApi.RedriveOneAsync(_poison.Id, _desk, CancellationToken.None))).Status);
        _client.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RedriveSetAsync_WhenNoProcessorIsGiven_Returns400() =>
        Assert.Equal(400, (await RedriveSetAsync("?kind=parked")).Status);

    [Fact]
    public async Task RedriveSetAsync_WhenLettersSpanWorkers_StartsOneRedrivePerWorker()
    {
        var answer = await RedriveSetAsync("?processor=counter");

        Assert.Equal(202, answer.Status);
        Assert.Equal(2, answer.Json.GetProperty("instanceIds").GetArrayLength());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task ListAsync_WhenAPageIsFull_ShowsSummariesWithCamelCaseKindsAndLinksTheNextPageWithTheSameFilters()
    {
        var page = (await ListAsync("?processor=counter&limit=1")).Json;
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(("handlerFailed", "pending"), (item.GetProperty("kind").GetString(), item.GetProperty("status").GetString()));
        Assert.Equal($"/api/deadletters?processor=counter&limit=1&after={_failed.Id}", page.GetProperty("next").GetString());
    }

    [Fact]
    public async Task GetAsync_ShowsTheEventUnderRawAsTheEmbeddedHostDoes()
    {
        var letter = (await RunAsync(_ => DeadLetterApi.GetAsync(_failed.Id, _desk, CancellationToken.None))).Json;
        Assert.Equal("item", letter.GetProperty("raw").GetProperty("type").GetString());
    }

    [Fact]
    public async Task DiscardAsync_WhenPendingThenAgain_Returns200WithTheNewStatusThen409()
    {
        var first = await RunAsync(_ => DeadLetterApi.DiscardAsync(_failed.Id, _desk, CancellationToken.None));
        var second = await RunAsync(_ => DeadLetterApi.DiscardAsync(_failed.Id, _desk, CancellationToken.None));

        Assert.Equal((200, 409), (first.Status, second.Status));
        Assert.Equal($$"""{"id":"{{_failed.Id}}","status":"discarded"}""", first.Text);
        Assert.Equal(DeadLetterStatus.Discarded, (await _store.GetAsync(_failed.Id, CancellationToken.None))!.Status);
    }
}
