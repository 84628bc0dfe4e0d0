using System.Net;
using MicroStreams.Effects;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests;

public sealed class WebhookSenderTests
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
    public async Task SendAsync_WhenPosting_SendsThePayloadWithTheEffectIdAsIdempotencyKey()
    {
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.Accepted));
        using var http = new HttpClient(handler);

        var result = await new WebhookSender(http).SendAsync(Batch, CancellationToken.None);

        Assert.Equal(EffectDeliveryStatus.Delivered, result.Status);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, new Uri("https://hooks.example/in")), (request.Method, request.RequestUri));
        Assert.Equal(["ef_0123"], request.Headers.GetValues("Idempotency-Key"));
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"events":[1,2]}""", body);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, EffectDeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.ServiceUnavailable, EffectDeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.TooManyRequests, EffectDeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.RequestTimeout, EffectDeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.BadRequest, EffectDeliveryStatus.Rejected)]
    [InlineData(HttpStatusCode.Gone, EffectDeliveryStatus.Rejected)]
    [InlineData(HttpStatusCode.NoContent, EffectDeliveryStatus.Delivered)]
    public async Task SendAsync_WhenTheReceiverAnswers_RetriesOnlyTransientFailures(HttpStatusCode status, EffectDeliveryStatus expected)
    {
        using var http = new HttpClient(new Handler(_ => new HttpResponseMessage(status)));

        var result = await new WebhookSender(http).SendAsync(Batch, CancellationToken.None);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task SendAsync_WhenTheConnectionFails_Retries()
    {
        using var http = new HttpClient(new Handler(_ => throw new HttpRequestException("connection refused")));

        var result = await new WebhookSender(http).SendAsync(Batch, CancellationToken.None);

        Assert.Equal(EffectDeliveryStatus.Retry, result.Status);
        Assert.Contains("connection refused", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://files.example/in")]
    public async Task SendAsync_WhenTargetIsNotAnHttpUrl_RejectsWithoutSending(string target)
    {
        var handler = new Handler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(handler);

        var result = await new WebhookSender(http).SendAsync(Batch with { Target = target }, CancellationToken.None);

        Assert.Equal(EffectDeliveryStatus.Rejected, result.Status);
        Assert.Empty(handler.Requests);
    }
}
