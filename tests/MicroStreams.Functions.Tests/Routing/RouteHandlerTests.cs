using Azure.Messaging.EventHubs;
using MicroStreams.Functions.Configuration;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Routing;

public sealed class RouteHandlerTests
{
    private const string PartitionContext = "{\"PartitionId\":\"1\",\"EventHubName\":\"events\",\"ConsumerGroup\":\"router\"}";
    private readonly InMemoryDeadLetterStore _deadLetters = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly RouteHandler _handler;

    public RouteHandlerTests() =>
        _handler = new RouteHandler(new BatchPlanner(new Router([new CounterProcessor()])), _deadLetters, new FunctionsSettings(), new ManualClock(T0), NullLogger<RouteHandler>.Instance);

    private static EventData[] Batch(params (long Sequence, string Body)[] events) =>
        [.. events.Select(e => EventHubsModelFactory.EventData(new BinaryData(System.Text.Encoding.UTF8.GetBytes(e.Body)), sequenceNumber: e.Sequence, offsetString: "0", enqueuedTime: T0))];

    private static string ExpectedInstance(long first, long last) => InstanceIds.ApplyBatch("events", "router", 1, first, last);

    private void Completes(string instanceId) =>
        _client.Setup(c => c.WaitForInstanceCompletionAsync(instanceId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(RouteHandler.ApplyBatchOrchestrationName, instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

    [Fact]
    public async Task HandleAsync_WhenBatchIsNew_StartsApplyBatchWithTheDeterministicIdAndWaitsForIt()
    {
        var id = ExpectedInstance(7, 8);
        _client.Setup(c => c.GetInstanceAsync(id, false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        Completes(id);

        await _handler.HandleAsync(Batch((7, Json("item", "alice")), (8, Json("item", "bob"))), PartitionContext, _client.Object, CancellationToken.None);

        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == RouteHandler.ApplyBatchOrchestrationName),
            It.Is<object?>(i => ((ApplyBatchInput)i!).Keys.Count == 2),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == id),
            It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.WaitForInstanceCompletionAsync(id, false, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task HandleAsync_WhenRedeliveredBatchAlreadyCompleted_StartsNothing()
    {
        var id = ExpectedInstance(7, 7);
        _client.Setup(c => c.GetInstanceAsync(id, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(RouteHandler.ApplyBatchOrchestrationName, id) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        await _handler.HandleAsync(Batch((7, Json("item", "alice"))), PartitionContext, _client.Object, CancellationToken.None);

        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        _client.Verify(c => c.WaitForInstanceCompletionAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_WhenRedeliveredBatchIsStillRunning_WaitsForTheSameInstanceWithoutStartingAnother()
    {
        var id = ExpectedInstance(7, 7);
        _client.Setup(c => c.GetInstanceAsync(id, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(RouteHandler.ApplyBatchOrchestrationName, id) { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        Completes(id);

        await _handler.HandleAsync(Batch((7, Json("item", "alice"))), PartitionContext, _client.Object, CancellationToken.None);

        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        _client.Verify(c => c.WaitForInstanceCompletionAsync(id, false, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task HandleAsync_WhenApplyBatchFails_ThrowsSoTheRetryPolicyReinvokesTheBatch()
    {
        var id = ExpectedInstance(7, 7);
        _client.Setup(c => c.GetInstanceAsync(id, false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        _client.Setup(c => c.WaitForInstanceCompletionAsync(id, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(RouteHandler.ApplyBatchOrchestrationName, id) { RuntimeStatus = OrchestrationRuntimeStatus.Failed });

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _handler.HandleAsync(Batch((7, Json("item", "alice"))), PartitionContext, _client.Object, CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_WhenBatchHoldsOnlyPoison_DeadLettersItAndStartsNoOrchestration()
    {
        await _handler.HandleAsync(Batch((3, "{broken"), (4, "")), PartitionContext, _client.Object, CancellationToken.None);

        Assert.Equal(["p0001-s00000000000000000003-poison", "p0001-s00000000000000000004-poison"], _deadLetters.All.Select(d => d.Id));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_WhenPartitionContextIsMissing_ThrowsInsteadOfGuessing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _handler.HandleAsync(Batch((7, Json("item", "alice"))), null, _client.Object, CancellationToken.None));
        Assert.Empty(_deadLetters.All);
    }
}
