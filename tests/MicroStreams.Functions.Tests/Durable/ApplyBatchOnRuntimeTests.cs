using MicroStreams.DeadLetters;
using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.DeadLetters;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Functions.Timers;
using MicroStreams.Workers;
using Microsoft.DurableTask;
using static MicroStreams.Functions.Tests.Durable.EntitiesOnRuntime;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// The ApplyBatch and Redrive orchestrations of the app replayed by the Durable Task SDK's orchestration runner, their
/// entity calls answered by the worker entities on the entity runner, their activities recording what they were given.
/// </summary>
public sealed class ApplyBatchOnRuntimeTests
{
    private static readonly Microsoft.DurableTask.Entities.EntityInstanceId Bob = EntityKeys.For(CounterProcessor.Name, "bob");
    private readonly ManualClock _clock = new(T0);
    private readonly EntityRuntime _entities;
    private readonly OrchestrationRuntime _runtime;
    private readonly List<DeadLetterDocument> _letters = [];
    private readonly List<StampedChange> _rows = [];
    private int _instance;

    public ApplyBatchOnRuntimeTests()
    {
        _entities = Start(_clock);
        _runtime = new OrchestrationRuntime(_clock, _entities)
            .AddActivity<List<DeadLetterDocument>>(nameof(DeadLetterFunctions.WriteDeadLetters), _letters.AddRange)
            .AddActivity<ProjectionWriteRequest>(nameof(ProjectionWriteFunctions.WriteProjections), request => _rows.AddRange(request.Rows))
            .AddActivity<List<string>, List<DeadLetterDocument>>(nameof(DeadLetterFunctions.LoadDeadLetters), ids => [.. _letters.Where(l => ids.Contains(l.Id))]);
    }

    private Task<ApplyBatchResult?> ApplyBatchAsync(params KeyBatch[] keys) =>
        _runtime.RunAsync<ApplyBatchResult>(
            RouteHandler.ApplyBatchOrchestrationName,
            FuncTaskOrchestrator.Create<ApplyBatchInput, ApplyBatchResult>((context, _) => RouteFunction.ApplyBatch(context)),
            new ApplyBatchInput(0, 1, 9, keys, Horizon: T0.AddSeconds(9)),
            $"batch-{++_instance}");

    private static KeyBatch[] TwoKeys() =>
    [
        new KeyBatch(CounterProcessor.Name, "alice", [Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice"), Log(0, 4, "item", "alice"), Log(0, 5, "item", "alice")]),
        new KeyBatch(CounterProcessor.Name, "bob", [Log(0, 3, "user_created", "bob"), Log(0, 6, "item", "bob")]),
    ];

    [Fact]
    public async Task ApplyBatch_WhenTheBatchSpansKeys_EachKeysEntityAppliesItsEventsAndTheRowsAreWritten()
    {
        var result = await ApplyBatchAsync(TwoKeys());

        Assert.Equal(new ApplyBatchResult(2, 6, 0, 0, 0) { ProjectionRows = 2 }, result);
        Assert.Equal(3, _entities.State<ProcessorEntityState>(Alice)!.State!.Value.GetProperty("count").GetInt32());
        Assert.Equal(1, _entities.State<ProcessorEntityState>(Bob)!.State!.Value.GetProperty("count").GetInt32());
        Assert.Equal(["alice", "bob"], _rows.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(nameof(EffectFunctions.DeliverEffect), Assert.Single(_entities.Started).Name); // alice's third item
        Assert.Empty(_letters);
    }

    [Fact]
    public async Task ApplyBatch_WhenItCompletes_AdvancesThePartitionClockToTheBatchHorizon()
    {
        await ApplyBatchAsync(TwoKeys());

        await _entities.AdvanceToAsync(_clock.Now);

        var partition = _entities.State<PartitionClockState>(PartitionClockKeys.For(0))!;
        Assert.Equal((T0.AddSeconds(9), 9L), (partition.Horizon, partition.AppliedSequence));
    }

    [Fact]
    public async Task ApplyBatch_WhenTheBatchIsRedelivered_TheEntitiesSkipEveryEvent()
    {
        await ApplyBatchAsync(TwoKeys());

        var again = await ApplyBatchAsync(TwoKeys());

        Assert.Equal((0, 6), (again!.Applied, again.Skipped));
        Assert.Single(_entities.Started);
    }

    [Fact]
    public async Task ApplyBatch_WhenAnEventIsPoison_DeadLettersItAndTheParkedEventAndTheWorkerStaysQuarantined()
    {
        var result = await ApplyBatchAsync(new KeyBatch(CounterProcessor.Name, "alice", [Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice", "{\"fail\":true}"), Log(0, 3, "item", "alice")]));

        Assert.Equal((1, 2), (result!.Applied, result.DeadLettered));
        Assert.Equal([(2L, DeadLetterKind.HandlerFailed), (3L, DeadLetterKind.Parked)], _letters.Select(l => (l.Sequence!.Value, l.Kind)));
        Assert.Equal(WorkerStatus.Quarantined, _entities.State<ProcessorEntityState>(Alice)!.Status);
    }

    [Fact]
    public async Task ApplyBatch_WhenAnEntityOperationFails_DeadLettersTheKeysEventsAndSignalsItsQuarantine()
    {
        var unknown = new KeyBatch("no-such-processor", "alice", [Log(0, 1, "item", "alice"), Log(0, 2, "item", "alice")]);

        var result = await ApplyBatchAsync(unknown, TwoKeys()[1]);
        await _entities.AdvanceToAsync(_clock.Now);

        Assert.Equal((1, 2, 2), (result!.FailedKeys, result.Applied, result.DeadLettered));
        Assert.All(_letters, l => Assert.Equal(("no-such-processor", DeadLetterKind.HandlerFailed), (l.Processor, l.Kind)));
        var quarantined = _entities.State<ProcessorEntityState>(EntityKeys.For("no-such-processor", "alice"))!;
        Assert.Equal(WorkerStatus.Quarantined, quarantined.Status);
        Assert.Contains("no-such-processor", quarantined.QuarantineReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_WhenTheParkedLetterIsRedriven_ReleasesTheWorkerAndMarksTheLetterRedriven()
    {
        await ApplyBatchAsync(new KeyBatch(CounterProcessor.Name, "alice", [Log(0, 1, "user_created", "alice"), Log(0, 2, "item", "alice", "{\"fail\":true}"), Log(0, 3, "item", "alice")]));
        var parked = Assert.Single(_letters, l => l.Kind == DeadLetterKind.Parked);

        var result = await _runtime.RunAsync<RedriveResult>(
            MicroStreams.Functions.Http.BlobDeadLetterDesk.RedriveOrchestrationName,
            FuncTaskOrchestrator.Create<RedriveInput, RedriveResult>((context, _) => DeadLetterFunctions.Redrive(context)),
            new RedriveInput(CounterProcessor.Name, "alice", [parked.Id]),
            "redrive-1");

        Assert.Equal(new RedriveResult(1, 0), result);
        Assert.Equal(WorkerStatus.Active, _entities.State<ProcessorEntityState>(Alice)!.Status);
        Assert.Equal(DeadLetterStatus.Redriven, _letters.Last(l => l.Id == parked.Id).Status);
        Assert.Equal(1, _entities.State<ProcessorEntityState>(Alice)!.State!.Value.GetProperty("count").GetInt32());
    }
}
