using System.Collections.Concurrent;
using MicroStreams.DeadLetters;
using MicroStreams.Effects;
using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// The DeliverEffect orchestration and its SendEffect activity (the app's function classes, resolved from a container
/// built by <c>AddMicroStreams</c>), run by the real Durable Task runtime: the activity calls the sender registered for
/// the effect's channel on the builder.
/// </summary>
public sealed class DeliverEffectOnRuntimeTests
{
    private static readonly EffectMessage Email = new("ef_runtime", "counter", "alice", "email", "a@example.com", "{\"count\":3}", T0, null);
    private readonly ConcurrentQueue<DeadLetterDocument> _deadLetters = new();

    private Task<Microsoft.DurableTask.Testing.DurableTaskTestHost> StartAsync(Action<IMicroStreamsBuilder> register)
    {
        var services = new ServiceCollection();
        register(FunctionsServiceCollectionExtensions.AddMicroStreams(services, new ConfigurationBuilder().Build()));
        var provider = services.BuildServiceProvider();
        var functions = ActivatorUtilities.CreateInstance<EffectFunctions>(provider);
        return DurableRuntime.StartAsync(registry =>
        {
            // Typed registration: the SDK then keeps the input as an EffectMessage, as the Functions host does for GetInput<T>.
            registry.AddOrchestratorFunc<EffectMessage, DeliveryResult>(nameof(EffectFunctions.DeliverEffect), (context, _) => EffectFunctions.DeliverEffect(context));
            registry.AddActivityFunc<EffectMessage, DeliveryResult>(nameof(EffectFunctions.SendEffect), (_, effect) => functions.SendEffect(effect, CancellationToken.None));
            registry.AddActivityFunc<DeadLetterDocument[]>(nameof(DeadLetterFunctions.WriteDeadLetters), (_, letters) =>
            {
                foreach (var letter in letters)
                {
                    _deadLetters.Enqueue(letter);
                }
            });
        });
    }

    [Fact]
    public async Task DeliverEffect_WhenTheBuilderRegisteredASenderForTheChannel_ThatSenderDeliversItOnce()
    {
        var email = new RecordingSender("email", _ => EffectDeliveryResult.Delivered);
        await using var host = await StartAsync(b => b.AddEffectChannel("email", _ => email));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.True(run.ReadOutputAs<DeliveryResult>()!.Delivered);
        var sent = Assert.Single(email.Sent);
        Assert.Equal((Email.Id, new Workers.WorkerId("counter", "alice"), "a@example.com", "{\"count\":3}"), (sent.Id, sent.Worker, sent.Target, sent.Payload));
        Assert.Empty(_deadLetters);
    }

    [Fact]
    public async Task DeliverEffect_WhenNoSenderIsRegisteredForTheChannel_DeadLettersItNamingTheChannel()
    {
        var email = new RecordingSender("email", _ => EffectDeliveryResult.Delivered);
        await using var host = await StartAsync(b => b.AddEffectChannel("email", _ => email));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email with { Channel = "sms" }, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var letter = Assert.Single(_deadLetters);
        Assert.Equal((DeadLetterKind.EffectUndeliverable, Email.Id), (letter.Kind, letter.EffectId));
        Assert.Contains("no sender is registered for channel 'sms'", letter.Reason, StringComparison.Ordinal);
        Assert.Empty(email.Sent);
    }

    [Fact]
    public async Task DeliverEffect_WhenTheSenderRejects_DeadLettersTheEffectWithItsReason()
    {
        var email = new RecordingSender("email", _ => EffectDeliveryResult.Reject("400 Bad Request: no such mailbox"));
        await using var host = await StartAsync(b => b.AddEffectChannel("email", _ => email));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var letter = Assert.Single(_deadLetters);
        Assert.Equal((DeadLetterKind.EffectUndeliverable, Email.Id, "400 Bad Request: no such mailbox"), (letter.Kind, letter.EffectId, letter.Reason));
        Assert.Single(email.Sent);
    }

    [Fact]
    public async Task DeliverEffect_WhenTheSenderAsksForARetry_TheRuntimeRetriesAndDelivers()
    {
        var email = new RecordingSender("email", attempt => attempt == 1 ? EffectDeliveryResult.Retry("HTTP 503") : EffectDeliveryResult.Delivered);
        await using var host = await StartAsync(b => b.AddEffectChannel("email", _ => email));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.True(run.ReadOutputAs<DeliveryResult>()!.Delivered);
        Assert.Equal(2, email.Sent.Count);
        Assert.Empty(_deadLetters);
    }

    [Fact]
    public async Task DeliverEffect_WhenTheUserRegistersWebhook_TheirSenderReplacesTheBuiltInOne()
    {
        var webhook = new RecordingSender(WebhookSender.ChannelName, _ => EffectDeliveryResult.Delivered);
        await using var host = await StartAsync(b => b.AddEffectChannel(WebhookSender.ChannelName, _ => webhook));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email with { Channel = "webhook", Target = "https://hooks.example.com/in" }, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Single(webhook.Sent);
    }

    private sealed class RecordingSender(string channel, Func<int, EffectDeliveryResult> answer) : IEffectSender
    {
        public ConcurrentQueue<Effect> Sent { get; } = new();

        public string Channel => channel;

        public Task<EffectDeliveryResult> SendAsync(Effect effect, CancellationToken cancellationToken)
        {
            Sent.Enqueue(effect);
            return Task.FromResult(answer(Sent.Count));
        }
    }
}
