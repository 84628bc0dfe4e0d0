using System.Text;
using MicroStreams.Events;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Http;

public sealed class EventsApiTests
{
    private readonly Mock<IEventPublisher> _publisher = new();
    private readonly List<StreamEvent> _published = [];
    private readonly EventsApi _api;

    public EventsApiTests()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<StreamEvent>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<StreamEvent>, CancellationToken>((events, _) => _published.AddRange(events))
            .Returns(Task.CompletedTask);
        var limits = new IngestLimits { MaxRequestBytes = 4096, MaxEventBytes = 1024, RetryAfter = TimeSpan.FromSeconds(3) };
        _api = new EventsApi(new IngestRequestReader(limits, new ManualClock(T0)), _publisher.Object, limits);
    }

    private static HttpRequest Request(string contentType, string body, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static int? Status(IActionResult result) => Assert.IsAssignableFrom<ObjectResult>(result).StatusCode;

    [Fact]
    public async Task IngestAsync_WhenStructuredEventIsValid_Returns200WithTheEmbeddedReceiptAndPublishesIt()
    {
        var result = await _api.IngestAsync(Request("application/cloudevents+json; charset=utf-8", Json("item", "alice", id: "e-1")), CancellationToken.None);

        Assert.Equal(200, Status(result));
        var receipt = System.Text.Json.JsonSerializer.SerializeToElement(((ObjectResult)result).Value, System.Text.Json.JsonSerializerOptions.Web);
        Assert.Equal((1, 0, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("duplicates").GetInt32(), receipt.GetProperty("positions").GetArrayLength()));
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
        var request = Request("application/cloudevents+json", Json("item", "alice"));

        var result = await _api.IngestAsync(request, CancellationToken.None);

        Assert.Equal(429, Status(result));
        Assert.Equal("3", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Equal("https://microstreams.dev/problems/backpressure", Assert.IsType<ProblemDocument>(((ObjectResult)result).Value).Type);
    }

    [Fact]
    public async Task IngestAsync_WhenEventHubsFailsOtherwise_LetsTheErrorThrough()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<IReadOnlyList<StreamEvent>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Azure.Messaging.EventHubs.EventHubsException(true, "events", "gone", Azure.Messaging.EventHubs.EventHubsException.FailureReason.ResourceNotFound));

        await Assert.ThrowsAsync<Azure.Messaging.EventHubs.EventHubsException>(() => _api.IngestAsync(Request("application/cloudevents+json", Json("item", "alice")), CancellationToken.None));
    }

    [Fact]
    public async Task IngestAsync_WhenBatchIsValid_PublishesEveryEvent()
    {
        var result = await _api.IngestAsync(Request("application/cloudevents-batch+json", $"[{Json("item", "alice")},{Json("item", "bob")}]"), CancellationToken.None);

        Assert.Equal(200, Status(result));
        Assert.Equal(["alice", "bob"], _published.Select(e => e.RoutingKey));
    }

    [Fact]
    public async Task IngestAsync_WhenBinaryModeHeadersAreSent_BuildsTheCloudEventFromThem()
    {
        var result = await _api.IngestAsync(
            Request("application/json", "{\"amount\":12.5}", ("ce-specversion", "1.0"), ("ce-id", "b-1"), ("ce-source", "shop"), ("ce-type", "order_placed"), ("ce-subject", "carol")),
            CancellationToken.None);

        Assert.Equal(200, Status(result));
        var published = Assert.Single(_published);
        Assert.Equal(("b-1", "order_placed", "carol", 12.5m), (published.Id, published.Type, published.RoutingKey, published.GetDecimal("amount")));
    }

    [Fact]
    public async Task IngestAsync_WhenOneEventOfABatchIsInvalid_Returns400NamingItAndPublishesNothing()
    {
        var bad = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"subject\":\"alice\"}";

        var result = await _api.IngestAsync(Request("application/cloudevents-batch+json", $"[{Json("item", "alice")},{bad}]"), CancellationToken.None);

        Assert.Equal(400, Status(result));
        var problem = Assert.IsType<ProblemDocument>(((ObjectResult)result).Value);
        var error = Assert.Single(problem.Errors!);
        Assert.Equal((1, "type"), (error.Index, error.Field));
        Assert.Contains(Problems.ContentType, ((ObjectResult)result).ContentTypes);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task IngestAsync_WhenContentTypeIsNotCloudEvents_Returns415()
    {
        var result = await _api.IngestAsync(Request("text/plain", "hello"), CancellationToken.None);

        Assert.Equal(415, Status(result));
        Assert.Empty(_published);
    }

    [Fact]
    public async Task IngestAsync_WhenRequestIsOverTheLimit_Returns413()
    {
        var result = await _api.IngestAsync(Request("application/cloudevents+json", Json("item", "alice", $"{{\"pad\":\"{new string('x', 5000)}\"}}")), CancellationToken.None);

        Assert.Equal(413, Status(result));
    }

    [Fact]
    public async Task IngestAsync_WhenOneEventIsOverTheEventLimit_Returns413()
    {
        var big = Json("item", "alice", $"{{\"pad\":\"{new string('x', 1500)}\"}}");

        var result = await _api.IngestAsync(Request("application/cloudevents-batch+json", $"[{big}]"), CancellationToken.None);

        Assert.Equal(413, Status(result));
        Assert.Empty(_published);
    }
}
