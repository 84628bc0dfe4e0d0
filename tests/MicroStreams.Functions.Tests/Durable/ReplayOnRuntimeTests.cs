using MicroStreams.Functions.Bindings;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Replay;
using Microsoft.DurableTask;
using static MicroStreams.Functions.Tests.Durable.EntitiesOnRuntime;
using static MicroStreams.Functions.Tests.Fakes.Events;

namespace MicroStreams.Functions.Tests.Durable;

/// <summary>
/// A rebuild replay on the runtime: the Replay orchestration replayed by the SDK's orchestration runner, the new
/// generation's worker rebuilt, exported, switched into the live worker and deleted through the entity runner; the
/// archive pages and the entity listing come from the test (the listing from the entities that exist).
/// </summary>
public sealed class ReplayOnRuntimeTests
{
    private const long Generation = 638_000_000_000_000_000;
    private readonly ManualClock _clock = new(T0.AddMinutes(5));
    private readonly EntityRuntime _entities;
    private readonly OrchestrationRuntime _runtime;
    private readonly Queue<ArchivePage> _pages = new();
    private readonly List<StampedChange> _rows = [];

    public ReplayOnRuntimeTests()
    {
        _entities = Start(_clock);
        var names = ReplayFunctions.Activities;
        _runtime = new OrchestrationRuntime(_clock, _entities)
            .AddActivity<ReplayPlanRequest, ReplayPlan>(names.Plan, _ => new ReplayPlan([new PartitionTarget(0, 2)], null))
            .AddActivity<ArchivePageRequest, ArchivePage>(names.ReadPage, _ => _pages.Count > 0 ? _pages.Dequeue() : new ArchivePage(0, [], 2, T0.AddSeconds(2), 0, true))
            .AddActivity<WorkerListRequest, WorkerListPage>(names.ListWorkers, _ => new WorkerListPage(_entities.Keys(EntityKeys.EntityName), null))
            .AddActivity<Dictionary<string, long>>(names.SwitchProjections, _ => { })
            .AddActivity<ProjectionWriteRequest>(names.WriteProjections, request => _rows.AddRange(request.Rows))
            .AddActivity<List<MicroStreams.Functions.DeadLetters.DeadLetterDocument>>(names.WriteDeadLetters, _ => { });
    }

    private static MicroStreams.Functions.Routing.LogEvent[] History() =>
    [
        Log(0, 1, "user_created", "alice", "{\"email\":\"a@example.com\"}"),
        Log(0, 2, "item", "alice"),
    ];

    [Fact]
    public async Task Replay_WhenRebuildingALiveWorker_RebuildsTheNewGenerationSwitchesItInAndDeletesIt()
    {
        await _entities.CallAsync<ApplyReport>(Alice, ProcessorEntity.ApplyOperation, new ApplyRequest(History()));
        _pages.Enqueue(new ArchivePage(0, [new ReplayKeyBatch("alice", History(), [T0.AddSeconds(1), T0.AddSeconds(2)])], 2, T0.AddSeconds(2), 2, true));
        var rebuilt = EntityKeys.For(CounterProcessor.Name, "alice", Generation);

        var view = await _runtime.RunAsync<ReplayView>(
            ReplayOrchestration.Name,
            FuncTaskOrchestrator.Create<ReplayState, ReplayView?>((context, _) => ReplayFunctions.Replay(context)),
            Rebuild(),
            "replay-1");
        var beforeCleanUp = _entities.Exists(rebuilt);
        await _entities.AdvanceToAsync(_clock.Now);

        Assert.Equal(ReplayStatus.Completed, view!.Status);
        Assert.True(beforeCleanUp);
        Assert.False(_entities.Exists(rebuilt)); // the delete signal removed the new generation's worker
        var live = _entities.State<ProcessorEntityState>(Alice)!;
        Assert.Equal(2, live.EventsApplied);
        Assert.Equal(1, live.State!.Value.GetProperty("count").GetInt32());
        Assert.Contains(_rows, r => r.Key == "alice" && r.Generation == Generation);
    }

    private static ReplayState Rebuild() => new()
    {
        View = new ReplayView
        {
            Id = InstanceIds.Replay(CounterProcessor.Name, T0, false),
            Processor = CounterProcessor.Name,
            Mode = "rebuild",
            Status = ReplayStatus.Running,
            Generation = Generation,
            Request = new ReplayRequest(CounterProcessor.Name),
            CreatedAt = T0,
        },
        EntityGeneration = Generation,
    };
}
