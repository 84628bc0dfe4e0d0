using MicroStreams.DeadLetters;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Workers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Orchestration;

public sealed class ApplyBatchOrchestrationTests
{
    private const string WriteActivity = "WriteDeadLetters";
    private const string RowsActivity = "WriteProjections";
    private readonly Mock<TaskOrchestrationContext> _context = new() { CallBase = true };
    private readonly Mock<TaskOrchestrationEntityFeature> _entities = new();
    private readonly List<(EntityInstanceId Id, ApplyRequest Request)> _calls = [];
    private readonly List<List<DeadLetterDocument>> _written = [];
    private readonly List<string> _steps = [];
    private readonly List<ProjectionWriteRequest> _rows = [];

    public ApplyBatchOrchestrationTests()
    {
        _context.Setup(c => c.Entities).Returns(_entities.Object);
        _context.Setup(c => c.CurrentUtcDateTime).Returns(T0.UtcDateTime);
        _context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == WriteActivity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => _written.Add([.. (IEnumerable<DeadLetterDocument>)input!]))
            .ReturnsAsync((object)null!);
        _context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == RowsActivity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                _steps.Add("rows");
                _rows.Add((ProjectionWriteRequest)input!);
            })
            .ReturnsAsync((object)null!);
    }

    private void EntityAnswers(Func<ApplyRequest, ApplyReport> answer) =>
        _entities.Setup(e => e.CallEntityAsync<ApplyReport>(It.IsAny<EntityInstanceId>(), ProcessorEntity.ApplyOperation, It.IsAny<object?>(), It.IsAny<CallEntityOptions?>()))
            .Returns<EntityInstanceId, string, object?, CallEntityOptions?>((id, _, input, _) =>
            {
                _calls.Add((id, (ApplyRequest)input!));
                _steps.Add("entity");
                return Task.FromResult(answer((ApplyRequest)input!));
            });

    private static ApplyReport AllApplied(ApplyRequest request) =>
        new([.. request.Events.Select(e => new EventOutcome(e.Partition, e.Sequence, ApplyOutcome.Applied))]);

    private void Input(params KeyBatch[] keys) =>
        _context.Setup(c => c.GetInput<ApplyBatchInput>()).Returns(new ApplyBatchInput(0, 1, 9, keys));

    [Fact]
    public async Task RunAsync_WhenBatchSpansKeys_CallsEachKeysEntityOnceWithItsEventsInOrder()
    {
        Input(
            new KeyBatch("counter", "alice", [Log(0, 1, "item", "alice"), Log(0, 3, "item", "alice")]),
            new KeyBatch("counter", "bob", [Log(0, 2, "item", "bob")]),
            new KeyBatch("other", "alice", [Log(0, 1, "item", "alice")]));
        EntityAnswers(AllApplied);

        var result = await ApplyBatchOrchestration.RunAsync(_context.Object, WriteActivity, RowsActivity);

        Assert.Equal(3, _calls.Count);
        Assert.Equal(3, _calls.Select(c => c.Id).Distinct().Count());
        var alice = Assert.Single(_calls, c => c.Id == EntityKeys.For("counter", "alice"));
        Assert.Equal([1L, 3L], alice.Request.Events.Select(e => e.Sequence));
        Assert.False(alice.Request.SuppressEffects);
        Assert.Equal(4, result.Applied);
        Assert.Empty(_written);
    }

    [Fact]
    public async Task RunAsync_WhenAWorkerRefusesAndParksEvents_WritesThemAsDeadLettersThroughTheActivity()
    {
        Input(new KeyBatch("counter", "alice", [Log(0, 1, "item", "alice"), Log(0, 2, "item", "alice"), Log(0, 3, "item", "alice")]));
        EntityAnswers(_ => new ApplyReport(
        [
            new EventOutcome(0, 1, ApplyOutcome.Applied),
            new EventOutcome(0, 2, ApplyOutcome.Failed, "InvalidOperationException: boom", 3),
            new EventOutcome(0, 3, ApplyOutcome.Parked, "worker quarantined"),
        ]));

        var result = await ApplyBatchOrchestration.RunAsync(_context.Object, WriteActivity, RowsActivity);

        var letters = Assert.Single(_written);
        Assert.Equal([(DeadLetterKind.HandlerFailed, 2L, 3), (DeadLetterKind.Parked, 3L, 0)], letters.Select(l => (l.Kind, l.Sequence!.Value, l.Attempts)));
        Assert.All(letters, l => Assert.Equal(("counter", "alice"), (l.Processor, l.Key)));
        Assert.Equal(2, result.DeadLettered);
    }

    [Fact]
    public async Task RunAsync_WhenAKeysOperationFails_DeadLettersAllItsEventsQuarantinesItAndCompletesTheOtherKeys()
    {
        Input(
            new KeyBatch("counter", "alice", [Log(0, 1, "item", "alice"), Log(0, 3, "item", "alice")]),
            new KeyBatch("counter", "bob", [Log(0, 2, "item", "bob")]));
        var aliceId = EntityKeys.For("counter", "alice");
        _entities.Setup(e => e.CallEntityAsync<ApplyReport>(aliceId, ProcessorEntity.ApplyOperation, It.IsAny<object?>(), It.IsAny<CallEntityOptions?>()))
            .ThrowsAsync(new EntityOperationFailedException(aliceId, "apply", new TaskFailureDetails("StateVersionException", "rebuild needed", null, null, null)));
        _entities.Setup(e => e.CallEntityAsync<ApplyReport>(EntityKeys.For("counter", "bob"), ProcessorEntity.ApplyOperation, It.IsAny<object?>(), It.IsAny<CallEntityOptions?>()))
            .Returns<EntityInstanceId, string, object?, CallEntityOptions?>((_, _, input, _) => Task.FromResult(AllApplied((ApplyRequest)input!)));

        var result = await ApplyBatchOrchestration.RunAsync(_context.Object, WriteActivity, RowsActivity);

        Assert.Equal([1L, 3L], Assert.Single(_written).Select(l => l.Sequence!.Value));
        _entities.Verify(e => e.SignalEntityAsync(aliceId, ProcessorEntity.QuarantineOperation, It.Is<object?>(r => ((string)r!).Contains("rebuild needed")), null), Times.Once);
        Assert.Equal((1, 1), (result.FailedKeys, result.Applied));
    }

    [Fact]
    public async Task RunAsync_WhenWorkersDecideRows_WritesThemAllInOneActivityAfterEveryEntityCallAndBeforeCompleting()
    {
        Input(
            new KeyBatch("counter", "alice", [Log(0, 1, "item", "alice")]),
            new KeyBatch("counter", "bob", [Log(0, 2, "item", "bob")]),
            new KeyBatch("counter", "carol", [Log(0, 3, "item", "carol")]));
        EntityAnswers(request => AllApplied(request) with
        {
            Projections = request.Events[0].Sequence == 3 ? [] : [new StampedChange("counts", $"k{request.Events[0].Sequence}", "{}", 0, request.Events[0].Sequence)],
        });

        var result = await ApplyBatchOrchestration.RunAsync(_context.Object, WriteActivity, RowsActivity);

        Assert.Equal(["entity", "entity", "entity", "rows"], _steps);
        var write = Assert.Single(_rows);
        Assert.Equal(["k1", "k2"], write.Rows.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Null(write.Version);
        Assert.Equal(2, result.ProjectionRows);
    }

    [Fact]
    public async Task RunAsync_WhenNoWorkerDecidesARow_CallsNoWriteActivity()
    {
        Input(new KeyBatch("counter", "alice", [Log(0, 1, "item", "alice")]));
        EntityAnswers(AllApplied);

        await ApplyBatchOrchestration.RunAsync(_context.Object, WriteActivity, RowsActivity);

        Assert.Empty(_rows);
    }
}
