using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.Inspection;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>What every inspection port shows of a counter worker (alice) that applied <c>user_created</c> and two <c>item</c>s.</summary>
public abstract class WorkerReaderConformance : IAsyncLifetime
{
    protected abstract IWorkerReader Reader { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task GetAsync_ShowsTheWorkersStatusStateTimerAndCounters()
    {
        var worker = (await Reader.GetAsync(CounterProcessor.Name, "alice", CancellationToken.None))!;

        Assert.Equal((CounterProcessor.Name, "alice", WorkerStatus.Active, 3L), (worker.Processor, worker.Key, worker.Status, worker.EventsApplied));
        Assert.Equal(2, worker.State!.Value.GetProperty("count").GetInt32());
        Assert.Equal("reminder", Assert.Single(worker.Timers).Name);
        Assert.Equal(0, Assert.Single(worker.Watermarks).Partition);
    }

    [Fact]
    public async Task GetAsync_WhenNoEventActivatedTheWorker_IsNull() =>
        Assert.Null(await Reader.GetAsync(CounterProcessor.Name, "nobody", CancellationToken.None));
}
