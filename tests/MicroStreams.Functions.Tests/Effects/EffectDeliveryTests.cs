using System.Net;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using Microsoft.DurableTask;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Effects;

public sealed class EffectDeliveryTests
{
    private static readonly EffectMessage Email = new("ef_0123", "counter", "alice", "email", "a@example.com", "{\"count\":3}", T0, null);

    private static readonly Uri Gateway = new("https://gateway.example.com/effects");

    [Fact]
    public async Task GatewayBuildRequest_PostsAnEnvelopeToTheGatewayWithTheIdempotencyKeyAndTraceParent()
    {
        var effect = EffectDelivery.ToEffect(Email with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });

        using var request = GatewayEffectSender.BuildRequest(effect, Gateway);

        Assert.Equal(Gateway, request.RequestUri);
        Assert.Equal("ef_0123", request.Headers.GetValues(WebhookSender.IdempotencyKeyHeader).Single());
        Assert.Equal(effect.TraceParent, request.Headers.GetValues("traceparent").Single());
        Assert.Equal("""{"id":"ef_0123","channel":"email","target":"a@example.com","processor":"counter","key":"alice","payload":{"count":3}}""",
            await request.Content!.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(HttpStatusCode.Accepted, EffectDeliveryStatus.Delivered)]
    [InlineData(HttpStatusCode.ServiceUnavailable, EffectDeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.TooManyRequests, EffectDeliveryStatus.Retry)]
    [InlineData(HttpStatusCode.BadRequest, EffectDeliveryStatus.Rejected)]
    public async Task GatewaySendAsync_ClassifiesTheGatewaysAnswer(HttpStatusCode answer, EffectDeliveryStatus expected)
    {
        using var http = new HttpClient(new Answering(answer));
        var sender = new GatewayEffectSender("email", Gateway, http);

        var result = await sender.SendAsync(EffectDelivery.ToEffect(Email), CancellationToken.None);

        Assert.Equal(expected, result.Status);
    }

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status));
    }

    [Fact]
    public async Task RunAsync_WhenTheDestinationRefuses_DeadLettersTheEffectUnderItsId()
    {
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.Setup(c => c.GetInput<EffectMessage>()).Returns(Email);
        context.Setup(c => c.CurrentUtcDateTime).Returns(T0.UtcDateTime);
        context.Setup(c => c.CallActivityAsync<DeliveryResult>(It.Is<TaskName>(n => n.Name == "Send"), Email, It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new DeliveryResult(false, "gone"));
        DeadLetterDocument? written = null;
        context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == "Write"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => written = ((IEnumerable<DeadLetterDocument>)input!).Single())
            .ReturnsAsync((object)null!);

        var result = await DeliverEffectOrchestration.RunAsync(context.Object, "Send", "Write");

        Assert.False(result.Delivered);
        Assert.Equal((DeadLetterKind.EffectUndeliverable, "ef_0123", "x-ef_0123"), (written!.Kind, written.EffectId, written.Id));
    }

    [Fact]
    public void PolicyFor_WhenTheEffectHasAMaximumAge_StopsRetryingAtThatAge()
    {
        var policy = DeliverEffectOrchestration.PolicyFor(Email with { MaxAge = TimeSpan.FromHours(6) });

        Assert.Equal(TimeSpan.FromHours(6), policy.RetryTimeout);
    }
}
