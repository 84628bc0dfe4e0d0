using MicroStreams.Http.Hosting;
using MicroStreams.Http.Ingest;
using MicroStreams.Http.Metrics;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The ingest port on the embedded runtime: appended events wait in its log (no background consumer here).</summary>
public sealed class EmbeddedEventSinkTests : EventSinkConformance
{
    private EmbeddedHost _host = null!;
    private ServeMetrics _metrics = null!;
    private IEventSink _sink = null!;

    protected override IEventSink Sink => _sink;

    public override Task InitializeAsync()
    {
        _host = new EmbeddedHost();
        _metrics = new ServeMetrics(_host.Runtime);
        _sink = new RuntimeEventSink(_host.Runtime, new HttpOptions(), _metrics);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        _metrics.Dispose();
        await _host.DisposeAsync();
    }

    protected override Task<int> AppendedAsync() => Task.FromResult((int)_host.Runtime.Backlog());

    [Fact]
    public void Pressure_WhenTheBacklogIsOverTheLimit_AsksForTheConfiguredWait()
    {
        var sink = new RuntimeEventSink(_host.Runtime, new HttpOptions { BacklogLimit = -1, RetryAfter = TimeSpan.FromSeconds(7) }, _metrics);

        Assert.Equal(TimeSpan.FromSeconds(7), sink.Pressure()!.RetryAfter);
    }
}
