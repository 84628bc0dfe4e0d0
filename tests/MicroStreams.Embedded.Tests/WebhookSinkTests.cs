using System.Net;
using MicroStreams.Effects;
using MicroStreams.Embedded.Effects;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests;

public sealed class WebhookSinkTests
{
    private static readonly Effect Batch = new(
        "ef_0123", new WorkerId("push_delivery", "acme#2"), "webhook", "https://hooks.example/in", """{"events":[1,2]}""", Ce.T0);

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return respond(request);
        }
    }

    [Fact]
    public async Task DeliverAsync_WhenPosting_SendsThePayloadWithTheEffectIdAsIdempotencyKey()
    {
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.Accepted));
        using var http = new HttpClient(handler);

        var result = await new WebhookSink(http).DeliverAsync(Batch, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, new Uri("https://hooks.example/in")), (request.Method, request.RequestUri));
        Assert.Equal(["ef_0123"], request.Headers.GetValues("Idempotency-Key"));
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"events":[1,2]}""", body);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, DeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.ServiceUnavailable, DeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.TooManyRequests, DeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.RequestTimeout, DeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.BadRequest, DeliveryStatus.Rejected)]
    [InlineData(HttpStatusCode.Gone, DeliveryStatus.Rejected)]
    [InlineData(HttpStatusCode.NoContent, DeliveryStatus.Delivered)]
    public async Task DeliverAsync_WhenTheReceiverAnswers_RetriesOnlyTransientFailures(HttpStatusCode status, DeliveryStatus expected)
    {
        using var http = new HttpClient(new Handler(_ => new HttpResponseMessage(status)));

        var result = await new WebhookSink(http).DeliverAsync(Batch, CancellationToken.None);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task DeliverAsync_WhenTheConnectionFails_Retries()
    {
        using var http = new HttpClient(new Handler(_ => throw new HttpRequestException("connection refused")));

        var result = await new WebhookSink(http).DeliverAsync(Batch, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Contains("connection refused", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://files.example/in")]
    public async Task DeliverAsync_WhenTargetIsNotAnHttpUrl_RejectsWithoutSending(string target)
    {
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(handler);

        var result = await new WebhookSink(http).DeliverAsync(Batch with { Target = target }, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Rejected, result.Status);
        Assert.Empty(handler.Requests);
    }
}
