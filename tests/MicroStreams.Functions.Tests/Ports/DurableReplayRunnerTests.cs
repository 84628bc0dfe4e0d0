using System.Text.Json;
using MicroStreams.Functions.Http;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Http.Replays;
using MicroStreams.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace MicroStreams.Functions.Tests.Ports;

/// <summary>The replay port on Durable: a mocked client that keeps the orchestrations it is asked to schedule, as the task hub would.</summary>
public sealed class DurableReplayRunnerTests : ReplayRunnerConformance
{
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<OrchestrationMetadata> _instances = [];

    protected override IReplayRunner Runner => new DurableReplayRunner(_client.Object, new Router([new CounterProcessor()]), ShadowVariants.None, new ManualClock(Fakes.Events.T0));

    public override Task InitializeAsync()
    {
        _client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>())).Returns((OrchestrationQuery? query) => Pageable.Create((string? _, CancellationToken _) =>
            Task.FromResult(new Page<OrchestrationMetadata>([.. _instances.Where(i => i.InstanceId.StartsWith(query?.InstanceIdPrefix ?? string.Empty, StringComparison.Ordinal)
                && (query?.Statuses is null || query.Statuses.Contains(i.RuntimeStatus)))]))));
        _client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => _instances.FirstOrDefault(i => i.InstanceId == id));
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) => _instances.Add(
                new OrchestrationMetadata(name.Name, options!.InstanceId!) { RuntimeStatus = OrchestrationRuntimeStatus.Pending, SerializedInput = JsonSerializer.Serialize(input, MicroStreams.Replay.ReplayJsonOptions.Default) }))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}
