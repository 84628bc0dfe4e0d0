using MicroStreams.Http.Replays;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The replay port on the embedded runtime, over a log with one worker's events.</summary>
public sealed class EmbeddedReplayRunnerTests : ReplayRunnerConformance
{
    private EmbeddedHost _host = null!;

    protected override IReplayRunner Runner => new RuntimeReplayRunner(_host.Runtime);

    public override async Task InitializeAsync()
    {
        _host = new EmbeddedHost();
        await _host.ApplyAsync(Fakes.Events.Json("user_created", "alice"), Fakes.Events.Json("item", "alice"));
    }

    public override async Task DisposeAsync() => await _host.DisposeAsync();
}
