using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Http;
using MicroStreams.Http.DeadLetters;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Workers;
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

    private Azure.Messaging.EventHubs.EventData[] TwoKeys() =>
    [
        Record(1, "user_created", "alice", _t0), Record(2, "item", "alice", _t0), Record(3, "user_created", "bob", _t0),
        Record(4, "item", "alice", _t0), Record(5, "item", "alice", _t0), Record(6, "item", "bob", _t0),
    ];

    private async Task<int> CountAsync(string key) => (await _app.WorkerAsync(key))!.State!.Value.GetProperty("count").GetInt32();

    [Fact]
    public async Task Route_WhenABatchSpansKeys_EachKeysEntityAppliesItsEventsAndTheRowsAreInTableStorage()
    {
        var plan = await _app.RouteAsync(TwoKeys());

        Assert.Equal(new ApplyBatchResult(2, 6, 0, 0, 0) { ProjectionRows = 2 }, await _app.ResultOfAsync(plan));
        Assert.Equal((3, 1), (await CountAsync("alice"), await CountAsync("bob")));
        Assert.Equal("{\"count\":3}", (await _app.RowAsync("alice"))!.Document);
        Assert.Equal("{\"count\":1}", (await _app.RowAsync("bob"))!.Document);
        var email = await _app.EventuallyAsync(() => Task.FromResult(_app.Worker.Emails.Sent), sent => sent.Count == 1, "alice's third item's email");
        Assert.Equal(("alice", "{\"count\":3}"), (Assert.Single(email).Target, email.Single().Payload));
    }

    [Fact]
    public async Task Route_WhenABatchIsRedelivered_NothingIsAppliedTwice()
    {
        var first = await _app.RouteAsync(TwoKeys());

        // The same batch again (the trigger retried it): its ApplyBatch already completed.
        var again = await _app.RouteAsync(TwoKeys());

        // A batch cut differently after a rebalance: 4..6 again, 7 new. A new ApplyBatch; the entities skip what they have.
        var overlap = await _app.RouteAsync(Record(4, "item", "alice", _t0), Record(5, "item", "alice", _t0), Record(6, "item", "bob", _t0), Record(7, "item", "alice", _t0));

        Assert.Equal((first.FirstSequence, first.LastSequence), (again.FirstSequence, again.LastSequence));
        Assert.Equal((1, 3), ((await _app.ResultOfAsync(overlap)).Applied, (await _app.ResultOfAsync(overlap)).Skipped));
        Assert.Equal((4, 1), (await CountAsync("alice"), await CountAsync("bob")));
        Assert.Equal("{\"count\":4}", (await _app.RowAsync("alice"))!.Document);
        await _app.EventuallyAsync(() => Task.FromResult(_app.Worker.Emails.Sent.Count), count => count >= 1, "the email");
        Assert.Single(_app.Worker.Emails.Sent);
    }

    [Fact]
    public async Task Route_WhenRecordsArePoison_TheyAreDeadLetteredInBlobStorageAndTheWorkerIsQuarantined()
    {
        var plan = await _app.RouteAsync(
            Record(1, "user_created", "alice", _t0), Unparseable(2, _t0), Record(3, "item", "alice", _t0, "{\"fail\":true}"),
            Record(4, "item", "alice", _t0), Record(5, "user_created", "bob", _t0));

        var result = await _app.ResultOfAsync(plan);
        Assert.Equal((2, 2), (result.Applied, result.DeadLettered));
        var letters = await _app.DeadLettersAsync();
        Assert.Equal(
            [(2L, DeadLetterKind.Unparseable), (3L, DeadLetterKind.HandlerFailed), (4L, DeadLetterKind.Parked)],
            letters.Select(l => (l.Sequence!.Value, l.Kind)).Order());
        var alice = (await _app.WorkerAsync("alice"))!;
        Assert.Equal(WorkerStatus.Quarantined, alice.Status);
        Assert.Contains("poison item", alice.QuarantineReason, StringComparison.Ordinal);
        Assert.Equal(WorkerStatus.Active, (await _app.WorkerAsync("bob"))!.Status);
    }

    [Fact]
    public async Task Redrive_WhenTheParkedLetterIsRedrivenFromTheDesk_TheWorkerIsReleasedAndTheLetterMarkedInBlobStorage()
    {
        await _app.RouteAsync(Record(1, "user_created", "alice", _t0), Record(2, "item", "alice", _t0, "{\"fail\":true}"), Record(3, "item", "alice", _t0));
        var parked = Assert.Single(await _app.DeadLettersAsync(), l => l.Kind == DeadLetterKind.Parked);
        var desk = new BlobDeadLetterDesk(_app.Worker.Get<IDeadLetterStore>(), _app.Host.Client, TimeProvider.System);

        var started = Assert.IsType<RedriveStarted>((await desk.RedriveOneAsync(parked.Id, CancellationToken.None)).Value);

        var run = await _app.Host.Client.WaitForInstanceCompletionAsync(started.InstanceId!, getInputsAndOutputs: true);
        Assert.Equal(new RedriveResult(1, 0), run.ReadOutputAs<RedriveResult>());
        Assert.Equal(WorkerStatus.Active, (await _app.WorkerAsync("alice"))!.Status);
        Assert.Equal(1, await CountAsync("alice"));
        Assert.Equal(DeadLetterStatus.Redriven, (await _app.DeadLettersAsync()).Single(l => l.Id == parked.Id).Status);
    }

    [Fact]
    public async Task Timer_WhenItsScheduledSignalComes_ThePartitionClockLetsItFireAndItsRowAndEmailFollow()
    {
        // The counter arms a one-day reminder on user_created: appended (and stamped) a day ago less 20 s, it is due in
        // 20 s, after the batch's horizon, so only the entity's scheduled self-signal can fire it (20 s, not less, so a
        // slow machine still reads the armed timer before it fires).
        var appended = DateTimeOffset.UtcNow.AddDays(-1).AddSeconds(20);
        await _app.RouteAsync(Record(1, "user_created", "carol", appended));
        var armed = (await _app.WorkerAsync("carol"))!;
        Assert.Equal(0L, armed.TimersFired);
        Assert.Equal("reminder", Assert.Single(armed.Timers!).Key);

        var row = await _app.EventuallyAsync(() => _app.RowAsync("carol"), r => r?.Document.Contains("reminded", StringComparison.Ordinal) == true, "the reminder's row");

        Assert.Equal("{\"count\":0,\"reminded\":true}", row!.Document);
        var email = await _app.EventuallyAsync(() => Task.FromResult(_app.Worker.Emails.Sent), sent => sent.Count == 1, "the reminder's email");
        Assert.Equal("{\"reminder\":\"reminder\"}", email.Single().Payload);
        var fired = (await _app.WorkerAsync("carol"))!;
        Assert.Equal((1L, 0), (fired.TimersFired, fired.Timers?.Count ?? 0));
    }

    [Fact]
    public async Task Entity_WhenTheHostIsStoppedAndStarted_ItsStateIsKeptAndTheNextBatchContinuesIt()
    {
        await _app.RouteAsync(TwoKeys());

        await _app.RestartHostAsync();

        Assert.Equal((3, 1), (await CountAsync("alice"), await CountAsync("bob")));
        var next = await _app.RouteAsync(Record(7, "item", "alice", _t0), Record(8, "item", "bob", _t0));
        Assert.Equal((2, 0), ((await _app.ResultOfAsync(next)).Applied, (await _app.ResultOfAsync(next)).Skipped));
        Assert.Equal((4, 2), (await CountAsync("alice"), await CountAsync("bob")));
        Assert.Equal("{\"count\":4}", (await _app.RowAsync("alice"))!.Document);
    }
}
