using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using Microsoft.DurableTask;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Effects;

public sealed class EffectDeliveryTests
{
    private static readonly EffectMessage Email = new("ef_0123", "counter", "alice", "email", "a@example.com", "{\"count\":3}", T0, null);

    [Fact]
    public async Task BuildRequest_WhenChannelIsWebhook_PostsThePayloadToTheTargetWithTheIdempotencyKey()
    {
        var webhook = Email with { Channel = "webhook", Target = "https://hooks.example.com/in" };

        using var request = HttpEffectSender.BuildRequest(webhook, gateway: null)!;

        Assert.Equal(new Uri("https://hooks.example.com/in"), request.RequestUri);
        Assert.Equal("ef_0123", request.Headers.GetValues(HttpEffectSender.IdempotencyKeyHeader).Single());
        Assert.Equal("{\"count\":3}", await request.Content!.ReadAsStringAsync());
    }

    [Fact]
    public void BuildRequest_WhenChannelNeedsAGatewayAndNoneIsSet_ReturnsNull() =>
        Assert.Null(HttpEffectSender.BuildRequest(Email, gateway: null));

    [Fact]
    public async Task BuildRequest_WhenAGatewayIsSet_PostsAnEnvelopeWithTheIdempotencyKey()
    {
        using var request = HttpEffectSender.BuildRequest(Email, new Uri("https://gateway.example.com/effects"))!;

        Assert.Equal("ef_0123", request.Headers.GetValues(HttpEffectSender.IdempotencyKeyHeader).Single());
        Assert.Contains("\"channel\":\"email\"", await request.Content!.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTheDestinationRefuses_DeadLettersTheEffectUnderItsId()
    {
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.Setup(c => c.GetInput<EffectMessage>()).Returns(Email);
        context.Setup(c => c.CurrentUtcDateTime).Returns(T0.UtcDateTime);
        context.Setup(c => c.CallActivityAsync<DeliveryResult>(It.Is<TaskName>(n => n.Name == "Send"), Email, It.IsAny<TaskOptions?>()))
            .ReturnsAsync(new DeliveryResult(false, 410, "gone"));
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
