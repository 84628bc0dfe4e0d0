using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http;
using MicroStreams.Http.Replays;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>What every replay port does (the embedded runtime's replays, Durable orchestrations), for the counter processor.</summary>
public abstract class ReplayRunnerConformance : IAsyncLifetime
{
    protected abstract IReplayRunner Runner { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task StartAsync_WhenTheProcessorIsUnknown_IsNotFound()
    {
        var started = await Runner.StartAsync(new ReplayRequest("nope"), CancellationToken.None);

        Assert.Equal(RefusalKind.NotFound, started.Refusal!.Kind);
    }

    [Fact]
    public async Task StartAsync_WhenTheProcessorIsKnown_StartsARebuildThatCanBeReadAndIsListed()
    {
        var view = (await Runner.StartAsync(new ReplayRequest(CounterProcessor.Name), CancellationToken.None)).Value!;

        Assert.Equal((CounterProcessor.Name, "rebuild"), (view.Processor, view.Mode));
        Assert.Equal(view.Id, (await Runner.GetAsync(view.Id, CancellationToken.None))!.Id);
        Assert.Contains((await Runner.ListAsync(CancellationToken.None)).Items, v => v.Id == view.Id);
    }

    [Fact]
    public async Task StartAsync_WhenAShadowIsAsked_StartsAShadow()
    {
        var view = (await Runner.StartAsync(new ReplayRequest(CounterProcessor.Name) { Shadow = true }, CancellationToken.None)).Value!;

        Assert.Equal("shadow", view.Mode);
    }

    [Fact]
    public async Task GetAndCancel_WhenTheIdIsUnknown_AreNullAndNotFound()
    {
        Assert.Null(await Runner.GetAsync("replay!nope!1", CancellationToken.None));
        Assert.Equal(RefusalKind.NotFound, (await Runner.CancelAsync("replay!nope!1", CancellationToken.None)).Refusal!.Kind);
    }

    [Fact]
    public async Task ListAsync_WhenNothingRan_IsEmpty() =>
        Assert.Empty((await Runner.ListAsync(CancellationToken.None)).Items);
}
