using MicroStreams.Events;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.Ingest;
using Microsoft.AspNetCore.Http;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Http;

/// <summary><c>POST /api/events</c> on the Azure host: the shared ingest handler over the Event Hubs sink.</summary>
public sealed class EventHubIngestTests
{
    private readonly Mock<IEventPublisher> _publisher = new();
    private readonly List<StreamEvent> _published = [];
    private readonly IngestApi _api;
    private readonly EventHubSink _sink;

    public EventHubIngestTests()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<StreamEvent>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<StreamEvent>, CancellationToken>((events, _) => _published.AddRange(events))
            .Returns(Task.CompletedTask);
        var limits = new IngestLimits { MaxRequestBytes = 4096, MaxEventBytes = 1024 };
        _api = new IngestApi(limits, new ManualClock(T0));
        _sink = new EventHubSink(_publisher.Object, limits, new ManualClock(T0), TimeSpan.FromSeconds(3));
    }

    private async Task<Answer> PostAsync(HttpRequest request) => await Answer.OfAsync(await _api.CloudEventsAsync(request, _sink, CancellationToken.None), request);

    private static HttpRequest Request(string contentType, string body, params (string Name, string Value)[] headers)
    {
        var request = Answer.Request("POST", contentType, body);
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        return request;
    }

    [Fact]
    public async Task IngestAsync_WhenStructuredEventIsValid_Returns200WithTheEmbeddedReceiptAndPublishesIt()
    {
        var answer = await PostAsync(Request("application/cloudevents+json; charset=utf-8", Json("item", "alice", id: "e-1")));

        Assert.Equal(200, answer.Status);
        var receipt = answer.Json;
        Assert.Equal((1, 0, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("duplicates").GetInt32(), receipt.GetProperty("positions").GetArrayLength()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, receipt.GetProperty("positions")[0].ValueKind);
        Assert.Equal("e-1", receipt.GetProperty("ids")[0].GetString());
        Assert.Equal("alice", Assert.Single(_published).RoutingKey);
    }

    [Theory]
    [InlineData(Azure.Messaging.EventHubs.EventHubsException.FailureReason.ServiceBusy)]
    [InlineData(Azure.Messaging.EventHubs.EventHubsException.FailureReason.QuotaExceeded)]
    public async Task IngestAsync_WhenEventHubsThrottles_Returns429WithRetryAfter(Azure.Messaging.EventHubs.EventHubsException.FailureReason reason)
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<StreamEvent>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.Messaging.EventHubs.EventHubsException(true, "events", "throttled", reason));

        var answer = await PostAsync(Request("application/cloudevents+json", Json("item", "alice")));

        Assert.Equal(429, answer.Status);
        Assert.Equal("3", answer.Headers.RetryAfter.ToString());
        Assert.Equal("https://microstreams.dev/problems/backpressure", answer.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task IngestAsync_WhenEventHubsRefusesASendAsTooLarge_Returns413()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<StreamEvent>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.Messaging.EventHubs.EventHubsException(true, "events", "too big", Azure.Messaging.EventHubs.EventHubsException.FailureReason.MessageSizeExceeded));

        Assert.Equal(413, (await PostAsync(Request("application/cloudevents+json", Json("item", "alice")))).Status);
    }

    [Fact]
    public async Task IngestAsync_WhenEventHubsFailsOtherwise_LetsTheErrorThrough()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<StreamEvent>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.Messaging.EventHubs.EventHubsException(true, "events", "gone", Azure.Messaging.EventHubs.EventHubsException.FailureReason.ResourceNotFound));

        await Assert.ThrowsAsync<Azure.Messaging.EventHubs.EventHubsException>(() => PostAsync(Request("application/cloudevents+json", Json("item", "alice"))));
    }

    [Fact]
    public async Task IngestAsync_WhenBatchIsValid_PublishesEveryEvent()
    {
        var answer = await PostAsync(Request("application/cloudevents-batch+json", $"[{Json("item", "alice")},{Json("item", "bob")}]"));

        Assert.Equal(200, answer.Status);
        Assert.Equal(["alice", "bob"], _published.Select(e => e.RoutingKey));
    }

    [Fact]
    public async Task IngestAsync_WhenBinaryModeHeadersAreSent_BuildsTheCloudEventFromThem()
    {
        var answer = await PostAsync(
            Request("application/json", "{\"amount\":12.5}", ("ce-specversion", "1.0"), ("ce-id", "b-1"), ("ce-source", "shop"), ("ce-type", "order_placed"), ("ce-subject", "carol")));

        Assert.Equal(200, answer.Status);
        var published = Assert.Single(_published);
        Assert.Equal(("b-1", "order_placed", "carol", 12.5m), (published.Id, published.Type, published.RoutingKey, published.GetDecimal("amount")));
    }

    [Fact]
    public async Task IngestAsync_WhenOneEventOfABatchIsInvalid_Returns400NamingItAndPublishesNothing()
    {
        var bad = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"subject\":\"alice\"}";

        var answer = await PostAsync(Request("application/cloudevents-batch+json", $"[{Json("item", "alice")},{bad}]"));

        Assert.Equal((400, "application/problem+json"), (answer.Status, answer.ContentType));
        var error = Assert.Single(answer.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "type"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Empty(_published);
    }

    [Fact]
    public async Task IngestAsync_WhenContentTypeIsNotCloudEvents_Returns415()
    {
        Assert.Equal(415, (await PostAsync(Request("text/plain", "hello"))).Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task IngestAsync_WhenRequestIsOverTheLimit_Returns413()
    {
        Assert.Equal(413, (await PostAsync(Request("application/cloudevents+json", Json("item", "alice", $"{{\"pad\":\"{new string('x', 5000)}\"}}")))).Status);
    }

    [Fact]
    public async Task IngestAsync_WhenOneEventIsOverTheEventLimit_Returns413()
    {
        var big = Json("item", "alice", $"{{\"pad\":\"{new string('x', 1500)}\"}}");

        Assert.Equal(413, (await PostAsync(Request("application/cloudevents-batch+json", $"[{big}]"))).Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task SegmentAsync_WhenATrackCallIsSent_PublishesItAsACloudEvent()
    {
        var request = Request("application/json", """{"type":"track","event":"Clicked","userId":"s-1","messageId":"seg-1"}""");

        var answer = await Answer.OfAsync(await _api.SegmentAsync(request, "track", _sink, CancellationToken.None), request);

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Json.GetProperty("success").GetBoolean());
        Assert.Equal(("Clicked", "s-1"), (Assert.Single(_published).Type, _published[0].RoutingKey));
    }
}
