using MicroStreams.Functions.Tests.Fakes;
using static MicroStreams.Functions.DurableHost.Tests.BatchPathFixture;

namespace MicroStreams.Functions.DurableHost.Tests;

/// <summary>
/// The batch path for real: Event Hubs batches through the app's RouteHandler, ApplyBatch on the Durable Functions
/// extension, one ProcessorEntity per key, rows in Table storage and dead letters in Blob storage on Azurite.
/// </summary>
public sealed class BatchPathOnExtensionTests : IAsyncLifetime
{
    private readonly DateTimeOffset _t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
    private BatchPathFixture _app = null!;

    public async Task InitializeAsync() => _app = await BatchPathFixture.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Route_WhenABatchSpansKeys_EachKeysEntityAppliesItsEventsAndTheRowsAreInTableStorage()
    {
        var plan = await _app.RouteAsync(
            Record(1, "user_created", "alice", _t0), Record(2, "item", "alice", _t0), Record(3, "user_created", "bob", _t0),
            Record(4, "item", "alice", _t0), Record(5, "item", "alice", _t0), Record(6, "item", "bob", _t0));

        Assert.Equal(new MicroStreams.Functions.Orchestration.ApplyBatchResult(2, 6, 0, 0, 0) { ProjectionRows = 2 }, await _app.ResultOfAsync(plan));
        Assert.Equal(3, (await _app.WorkerAsync("alice"))!.State!.Value.GetProperty("count").GetInt32());
        Assert.Equal("{\"count\":3}", (await _app.RowAsync("alice"))!.Document);
        Assert.Equal("{\"count\":1}", (await _app.RowAsync("bob"))!.Document);
        var email = await _app.EventuallyAsync(() => Task.FromResult(_app.Worker.Emails.Sent), sent => sent.Count == 1, "alice's third item's email");
        Assert.Equal("alice", Assert.Single(email).Target);
    }
}
