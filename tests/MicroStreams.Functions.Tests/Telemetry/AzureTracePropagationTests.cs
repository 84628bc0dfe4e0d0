using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Effects;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Telemetry;
using MicroStreams.Functions.Tests.Durable;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using MicroStreams.Routing;
using MicroStreams.Telemetry;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Telemetry;

/// <summary>
/// A producer's trace on Azure: an Event Hubs batch whose event carries a <c>traceparent</c> goes through the Route
/// handler, the ApplyBatch orchestration and the worker entity (the Durable Task SDK's runners), then the DeliverEffect
/// orchestration on the real Durable Task runtime, whose activity posts to a real Kestrel webhook receiver. The spans
/// are exported through the OpenTelemetry SDK's in-memory exporter.
/// </summary>
public sealed class AzureTracePropagationTests
{
    // Not constants: the Durable Task analyzer fails on a second registration of a constant name in the test assembly
    // (DeliverEffectOnRuntimeTests registers these too).
    private static readonly string WriteDeadLetters = nameof(DeadLetterFunctions.WriteDeadLetters);
    private static readonly string SendEffect = nameof(EffectFunctions.SendEffect);
    private static readonly string DeliverEffect = nameof(EffectFunctions.DeliverEffect);

    private const string PartitionContext = "{\"PartitionId\":\"2\",\"EventHubName\":\"events\",\"ConsumerGroup\":\"router\"}";

    [Fact]
    public async Task ProducerTraceParent_ContinuesThroughRouteEntityStepAndDeliverEffect_IntoTheWebhookRequest()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicroStreamsActivity.SourceName)
            .SetSampler(new ParentBasedSampler(new AlwaysOffSampler())) // only traces a producer started: other tests' spans stay out
            .AddInMemoryExporter(spans)
            .Build();
        await using var receiver = await WebhookReceiver.StartAsync();
        var producer = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var traced = $$"""{"specversion":"1.0","id":"o-1","source":"shop","type":"order","subject":"u-1","traceparent":"00-{{producer.TraceId}}-{{producer.SpanId}}-01","data":{"url":"{{receiver.Url}}"} }""";
        var untraced = $$"""{"specversion":"1.0","id":"o-2","source":"shop","type":"order","subject":"u-2","data":{"url":"{{receiver.Url}}"} }""";

        var clock = new ManualClock(T0);
        var entities = Entities(clock);
        var orchestrations = new OrchestrationRuntime(clock, entities)
            .AddActivity<List<DeadLetterDocument>>(nameof(DeadLetterFunctions.WriteDeadLetters), _ => { })
            .AddActivity<ProjectionWriteRequest>(nameof(ProjectionWriteFunctions.WriteProjections), _ => { });
        var client = AppliesWith(orchestrations);
        var services = new ServiceCollection();
        FunctionsServiceCollectionExtensions.AddMicroStreams(services, new ConfigurationBuilder().Build()).AddProcessor<HookProcessor>();
        await using var app = services.BuildServiceProvider();
        using var measurements = new MeasurementRecorder(app.GetRequiredService<IMeterFactory>());
        var router = new Router([new HookProcessor()]);
        var handler = new RouteHandler(new BatchPlanner(router), new InMemoryDeadLetterStore(), new FunctionsSettings(), clock, NullLogger<RouteHandler>.Instance, app.GetRequiredService<FunctionsMetrics>());

        await handler.HandleAsync([EventData(5, traced), EventData(6, untraced)], PartitionContext, client, CancellationToken.None);
        Assert.Equal(2, entities.Started.Count);
        foreach (var (name, instanceId, input) in entities.Started)
        {
            await DeliverAsync(app, name, instanceId, JsonSerializer.Deserialize<EffectMessage>(input!)!);
        }

        Assert.Equal(2, receiver.TraceParents.Count());
        var header = Assert.Single(receiver.TraceParents, t => t is not null);
        var received = ActivityContext.Parse(header!, null);
        Assert.Equal(producer.TraceId, received.TraceId);
        tracing.ForceFlush();
        var chain = new List<Activity>();
        for (var at = received.SpanId; spans.FirstOrDefault(s => s.SpanId == at) is { } span; at = span.ParentSpanId)
        {
            chain.Add(span);
        }

        Assert.Equal([SpanNames.Deliver, SpanNames.Step, SpanNames.Route], chain.Select(s => s.OperationName));
        Assert.Equal(producer.SpanId, chain[^1].ParentSpanId);
        Assert.Equal((HookProcessor.Name, "u-1"), (chain[1].GetTagItem(SpanTags.Processor), chain[1].GetTagItem(SpanTags.WorkerKey)));
        Assert.Equal((2, 5L, "order"), (chain[2].GetTagItem(SpanTags.Partition), chain[2].GetTagItem(SpanTags.Sequence), chain[2].GetTagItem(SpanTags.EventType)));
        Assert.Equal(3, spans.Count(s => s.TraceId == producer.TraceId));
        Assert.Equal([("2", 2.0)], measurements.Of(MetricNames.ApplyBatchSize).Select(m => (m.Tag, m.Value)));
        Assert.Single(measurements.Of(MetricNames.ApplyDuration));
        Assert.Equal(["webhook", "webhook"], measurements.Of(MetricNames.EffectLatency).Select(m => m.Tag));
    }

    private static EventData EventData(long sequence, string body) =>
        EventHubsModelFactory.EventData(new BinaryData(Encoding.UTF8.GetBytes(body)), sequenceNumber: sequence, offsetString: "0", enqueuedTime: T0.AddSeconds(sequence));

    /// <summary>The worker entity over the hook processor, as the Functions host dispatches it.</summary>
    private static EntityRuntime Entities(ManualClock clock)
    {
        var router = new Router([new HookProcessor()]);
        var core = new ProcessorEntityCore(router, clock);
        var rebuild = new WorkerRebuild(router, ShadowVariants.None, clock);
        return new EntityRuntime(clock, name => name.Equals(EntityKeys.EntityName, StringComparison.OrdinalIgnoreCase)
            ? new ProcessorEntity(core, rebuild, clock)
            : new PartitionClockEntity(), OrchestrationRuntime.FunctionsWorkerServices);
    }

    /// <summary>A Durable client whose scheduled ApplyBatch runs on <paramref name="orchestrations"/> when waited for.</summary>
    private static DurableTaskClient AppliesWith(OrchestrationRuntime orchestrations)
    {
        var client = new Mock<DurableTaskClient>("test");
        ApplyBatchInput? scheduled = null;
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName _, object? input, StartOrchestrationOptions? _, CancellationToken _) => scheduled = (ApplyBatchInput)input!)
            .ReturnsAsync("scheduled");
        client.Setup(c => c.WaitForInstanceCompletionAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .Returns(async (string instanceId, bool _, CancellationToken _) =>
            {
                await orchestrations.RunAsync<ApplyBatchResult>(
                    RouteHandler.ApplyBatchOrchestrationName,
                    FuncTaskOrchestrator.Create<ApplyBatchInput, ApplyBatchResult>((context, _) => RouteFunction.ApplyBatch(context)),
                    scheduled!,
                    instanceId);
                return new OrchestrationMetadata(RouteHandler.ApplyBatchOrchestrationName, instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Completed };
            });
        return client.Object;
    }

    /// <summary>Runs DeliverEffect on the real Durable Task runtime, its activity on the app's <c>webhook</c> sender (<c>AddMicroStreams</c>).</summary>
    private static async Task DeliverAsync(IServiceProvider app, string name, string instanceId, EffectMessage effect)
    {
        Assert.Equal(DeliverEffect, name);
        var functions = ActivatorUtilities.CreateInstance<EffectFunctions>(app);
        await using var host = await DurableRuntime.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<EffectMessage, DeliveryResult>(DeliverEffect, (context, _) => EffectFunctions.DeliverEffect(context));
            registry.AddActivityFunc<EffectMessage, DeliveryResult>(SendEffect, (_, message) => functions.SendEffect(message, CancellationToken.None));
            registry.AddActivityFunc<DeadLetterDocument[]>(WriteDeadLetters, (_, _) => { });
        });
        var run = await host.RunAsync(DeliverEffect, effect, instanceId);
        Assert.True(run.ReadOutputAs<DeliveryResult>()!.Delivered);
    }
}
