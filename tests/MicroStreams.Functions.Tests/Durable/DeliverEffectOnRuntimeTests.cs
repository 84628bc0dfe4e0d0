using System.Collections.Concurrent;
using MicroStreams.DeadLetters;
using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>The DeliverEffect orchestration of the app, run by the real Durable Task runtime with its activities.</summary>
public sealed class DeliverEffectOnRuntimeTests
{
    private static readonly EffectMessage Email = new("ef_runtime", "counter", "alice", "email", "a@example.com", "{\"count\":3}", T0, null);
    private readonly ConcurrentQueue<EffectMessage> _sent = new();
    private readonly ConcurrentQueue<DeadLetterDocument> _deadLetters = new();

    private Task<Microsoft.DurableTask.Testing.DurableTaskTestHost> StartAsync(Func<EffectMessage, int, DeliveryResult> answer) =>
        DurableRuntime.StartAsync(registry =>
        {
            // Typed registration: the SDK then keeps the input as an EffectMessage, as the Functions host does for GetInput<T>.
            registry.AddOrchestratorFunc<EffectMessage, DeliveryResult>(nameof(EffectFunctions.DeliverEffect), (context, _) => EffectFunctions.DeliverEffect(context));
            registry.AddActivityFunc<EffectMessage, DeliveryResult>(nameof(EffectFunctions.SendEffect), (_, effect) =>
            {
                _sent.Enqueue(effect);
                return answer(effect, _sent.Count);
            });
            registry.AddActivityFunc<DeadLetterDocument[]>(nameof(DeadLetterFunctions.WriteDeadLetters), (_, letters) =>
            {
                foreach (var letter in letters)
                {
                    _deadLetters.Enqueue(letter);
                }
            });
        });

    [Fact]
    public async Task DeliverEffect_WhenTheDestinationAccepts_SendsOnceAndDeadLettersNothing()
    {
        await using var host = await StartAsync((_, _) => new DeliveryResult(true, 202));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.True(run.ReadOutputAs<DeliveryResult>()!.Delivered);
        Assert.Equal([Email], _sent);
        Assert.Empty(_deadLetters);
    }

    [Fact]
    public async Task DeliverEffect_WhenTheDestinationRefuses_DeadLettersTheEffectWithTheReason()
    {
        await using var host = await StartAsync((_, _) => new DeliveryResult(false, 400, "400 Bad Request: no such mailbox"));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var letter = Assert.Single(_deadLetters);
        Assert.Equal((DeadLetterKind.EffectUndeliverable, Email.Id, "400 Bad Request: no such mailbox"), (letter.Kind, letter.EffectId, letter.Reason));
        Assert.Single(_sent);
    }

    [Fact]
    public async Task DeliverEffect_WhenTheSendFailsOnce_RetriesThroughTheRuntimeAndDelivers()
    {
        await using var host = await StartAsync((_, attempt) => attempt == 1 ? throw new HttpRequestException("connection reset") : new DeliveryResult(true, 200));

        var run = await host.RunAsync(nameof(EffectFunctions.DeliverEffect), Email, Email.Id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.True(run.ReadOutputAs<DeliveryResult>()!.Delivered);
        Assert.Equal(2, _sent.Count);
        Assert.Empty(_deadLetters);
    }
}
