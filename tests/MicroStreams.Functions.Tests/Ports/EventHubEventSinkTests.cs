using MicroStreams.Events;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.Ingest;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The ingest port on Event Hubs, over a publisher that keeps what it is sent (no Event Hubs emulator here).</summary>
public sealed class EventHubEventSinkTests : EventSinkConformance
{
    private readonly KeepingPublisher _publisher = new();

    protected override IEventSink Sink => new EventHubSink(_publisher, new IngestLimits(), new ManualClock(Fakes.Events.T0), EventHubSink.DefaultRetryAfter);

    protected override Task<int> AppendedAsync() => Task.FromResult(_publisher.Sent.Count);

    [Fact]
    public async Task AppendAsync_ReturnsTheEventsIdsAndNoPositions_AsEventHubsGivesNoneOnSend()
    {
        var outcome = await Sink.AppendAsync([System.Text.Encoding.UTF8.GetBytes(Fakes.Events.Json("item", "alice", id: "e-7"))], CancellationToken.None);

        Assert.Equal(["e-7"], outcome.Receipt!.Ids!);
        Assert.Null(Assert.Single(outcome.Receipt.Positions));
    }

    private sealed class KeepingPublisher : IEventPublisher
    {
        public List<StreamEvent> Sent { get; } = [];

        public Task PublishAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
        {
            Sent.AddRange(events);
            return Task.CompletedTask;
        }
    }
}
