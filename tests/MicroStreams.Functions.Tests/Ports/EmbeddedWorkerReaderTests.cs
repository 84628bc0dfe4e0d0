using MicroStreams.Embedded.Inspection;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.Inspection;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The inspection port on the embedded runtime, which also counts workers and keeps their recent events.</summary>
public sealed class EmbeddedWorkerReaderTests : WorkerReaderConformance
{
    private EmbeddedHost _host = null!;
    private RecentEventIndex _index = null!;

    protected override IWorkerReader Reader => new RuntimeWorkerReader(_host.Runtime, _index);

    public override async Task InitializeAsync()
    {
        _host = new EmbeddedHost();
        await _host.ApplyAsync(Fakes.Events.Json("user_created", "alice"), Fakes.Events.Json("item", "alice"), Fakes.Events.Json("item", "alice"));
        _index = RecentEventIndex.Open(_host.Folder, _host.Runtime.Log, _host.Runtime.Router);
        _index.CatchUp();
    }

    public override async Task DisposeAsync()
    {
        _index.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_ShowsTheEventsTheWorkerApplied()
    {
        var worker = (await Reader.GetAsync(CounterProcessor.Name, "alice", CancellationToken.None))!;

        Assert.Equal(["user_created", "item", "item"], worker.RecentEvents.Select(e => e.Type).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task CountAsync_CountsTheActiveWorker()
    {
        var counts = (await Reader.CountAsync(CancellationToken.None))!;

        Assert.Equal(new WorkerCounts(1, 0, 0), counts.Workers[CounterProcessor.Name]);
    }
}
