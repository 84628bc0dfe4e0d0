using System.Text.Json;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Orchestration;
using MicroStreams.Functions.Projections;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;
using static MicroStreams.Functions.Tests.Fakes.Events;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Tests.Replay;

/// <summary>The Replay orchestration's glue, with the Durable context, the activities and the entities mocked.</summary>
public sealed class ReplayOrchestrationTests
{
    private const long Generation = 638_000_000_000_000_000;
    private static readonly ReplayActivities Names = new("PlanReplay", "ReadArchivePage", "ListWorkers", "SwitchProjections", "WriteProjections", "WriteDeadLetters");
    private readonly Mock<TaskOrchestrationContext> _context = new() { CallBase = true };
    private readonly Mock<TaskOrchestrationEntityFeature> _entities = new();
    private readonly List<string> _steps = [];
    private readonly Queue<ArchivePage> _pages = new();
    private readonly List<ProjectionWriteRequest> _rows = [];
    private readonly List<(string Key, SwitchRequest Request)> _switches = [];
    private readonly List<EntityInstanceId> _deleted = [];
    private readonly Dictionary<string, Queue<SwitchOutcome>> _outcomes = new(StringComparer.Ordinal);
    private ReplayPlan _plan = new([new PartitionTarget(0, 5)], new Dictionary<string, long> { ["counts"] = 2 });
    private WorkerListPage _listing = new([], null);
    private WorkerListPage? _secondListing;

    public ReplayOrchestrationTests()
    {
        _context.Setup(c => c.Entities).Returns(_entities.Object);
        _context.Setup(c => c.CurrentUtcDateTime).Returns(T0.UtcDateTime);
        // Moq matches a generic setup for object against every T: the catch-all goes first, so the typed setups below win.
        _context.Setup(c => c.CallActivityAsync<object>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                _steps.Add(name.Name);
                if (input is ProjectionWriteRequest rows)
                {
                    _rows.Add(rows);
                }
            })
            .ReturnsAsync((object)null!);
        _context.Setup(c => c.CallActivityAsync<ReplayPlan>(It.Is<TaskName>(n => n.Name == Names.Plan), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(() => _plan);
        _context.Setup(c => c.CallActivityAsync<ArchivePage>(It.Is<TaskName>(n => n.Name == Names.ReadPage), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(() => Step("read", _pages.Count > 0 ? _pages.Dequeue() : new ArchivePage(0, [], 3, T0, 0, true)));
        _context.Setup(c => c.CallActivityAsync<WorkerListPage>(It.Is<TaskName>(n => n.Name == Names.ListWorkers), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => Step("list", ((WorkerListRequest)input!).ContinuationToken is null ? _listing : _secondListing!));
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Callback(() => _steps.Add("wait")).Returns(Task.CompletedTask);
        _entities.Setup(e => e.CallEntityAsync<RebuildReport>(It.IsAny<EntityInstanceId>(), ProcessorEntity.RebuildOperation, It.IsAny<object?>(), null))
            .ReturnsAsync((EntityInstanceId id, string _, object? input, CallEntityOptions? _) => Rebuilt(id, (RebuildRequest)input!));
        _entities.Setup(e => e.CallEntityAsync<ProcessorEntityState?>(It.IsAny<EntityInstanceId>(), ProcessorEntity.ExportOperation, null, null))
            .ReturnsAsync((EntityInstanceId id, string _, object? _, CallEntityOptions? _) => id.Key.EndsWith($"!g{Generation}", StringComparison.Ordinal) && !id.Key.Contains("carol", StringComparison.Ordinal)
                ? new ProcessorEntityState { Key = EntityKeys.Parse(id.Key).Worker.Key, Generation = Generation }
                : null);
        _entities.Setup(e => e.CallEntityAsync<SwitchReport>(It.IsAny<EntityInstanceId>(), ProcessorEntity.SwitchOperation, It.IsAny<object?>(), null))
            .ReturnsAsync((EntityInstanceId id, string _, object? input, CallEntityOptions? _) =>
            {
                var key = EntityKeys.Parse(id.Key).Worker.Key;
                _steps.Add("switch " + key);
                _switches.Add((key, (SwitchRequest)input!));
                var outcome = _outcomes.TryGetValue(key, out var queue) && queue.Count > 0 ? queue.Dequeue() : SwitchOutcome.Adopted;
                return new SwitchReport(outcome) { Difference = outcome == SwitchOutcome.Compared && key == "bob" ? new WorkerDifference(key, 0, JsonDocument.Parse("{}").RootElement, JsonDocument.Parse("{\"v\":2}").RootElement) : null };
            });
        _entities.Setup(e => e.SignalEntityAsync(It.IsAny<EntityInstanceId>(), ProcessorEntity.DeleteOperation, null, null))
            .Callback((EntityInstanceId id, string _, object? _, SignalEntityOptions? _) => _deleted.Add(id))
            .Returns(Task.CompletedTask);
    }

    private T Step<T>(string step, T value)
    {
        _steps.Add(step);
        return value;
    }

    private static RebuildReport Rebuilt(EntityInstanceId id, RebuildRequest request) => new()
    {
        Applied = request.Events.Count,
        EffectsSuppressed = id.Key.Contains("bob", StringComparison.Ordinal) ? 1 : 0,
        Projections = [new StampedChange("counts", EntityKeys.Parse(id.Key).Worker.Key, "{}", request.Generation, request.Events.Count)],
        OnlyInShadow = request.Shadow && id.Key.Contains("bob", StringComparison.Ordinal) ? [new EffectDifference("ef_1", "bob", "email", "b@example.com", JsonDocument.Parse("{}").RootElement, T0)] : [],
    };

    private void Input(bool shadow = false) => _context.Setup(c => c.GetInput<ReplayState>()).Returns(new ReplayState
    {
        View = new ReplayView
        {
            Id = InstanceIds.Replay("counter", T0, shadow),
            Processor = "counter",
            Mode = shadow ? "shadow" : "rebuild",
            Status = ReplayStatus.Running,
            Generation = shadow ? 0 : Generation,
            Request = new ReplayRequest("counter") { Shadow = shadow },
            CreatedAt = T0,
            Diff = shadow ? new ShadowDiff() : null,
        },
        EntityGeneration = Generation,
    });

    private static ReplayKeyBatch Keyed(string key, params long[] sequences) =>
        new(key, [.. sequences.Select(s => Log(0, s, "item", key))], [.. sequences.Select(s => T0.AddSeconds(s))]);

    private void History()
    {
        _pages.Enqueue(new ArchivePage(0, [Keyed("alice", 0, 1), Keyed("bob", 2)], 2, T0.AddSeconds(2), 3, false));
        _pages.Enqueue(new ArchivePage(0, [Keyed("alice", 3)], 3, T0.AddSeconds(3), 1, true));
        _listing = new WorkerListPage(
            [$"counter!alice!g{Generation}", "counter!alice", $"counter!bob!g{Generation}", "counter!carol", $"counter!dave!g{Generation - 1}"], null);
    }

    [Fact]
    public async Task RunAsync_WhenRebuilding_AppliesEachPageToTheNewGenerationAndWritesItsRowsIntoTheRebuiltVersion()
    {
        Input();
        History();

        var view = await ReplayOrchestration.RunAsync(_context.Object, Names);

        _entities.Verify(e => e.CallEntityAsync<RebuildReport>(EntityKeys.For("counter", "alice", Generation), ProcessorEntity.RebuildOperation, It.IsAny<object?>(), null), Times.Exactly(2));
        Assert.All(_rows.Take(2), r => Assert.Equal(2, r.Version));
        Assert.Equal((4L, 4L, 1L), (view!.EventsRead, view.EventsApplied, view.EffectsSuppressed));
        Assert.Equal(ReplayStatus.Completed, view.Status);
        Assert.Equal(new ReplayPartitionView(0, 3, 5, true), Assert.Single(view.Partitions));
    }

    [Fact]
    public async Task RunAsync_WhenSwitching_MovesReadersToTheRebuiltVersionsFirstThenOffersEachLiveKeyItsRebuiltWorkerOnce()
    {
        Input();
        History();

        await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.InRange(_steps.IndexOf("SwitchProjections"), 0, _steps.IndexOf("switch alice"));
        Assert.Equal(["alice", "bob", "carol"], _switches.Select(s => s.Key));
        Assert.Equal(Generation, _switches[0].Request.Rebuilt!.Generation);
        Assert.Null(_switches[2].Request.Rebuilt);
        Assert.All(_switches, s => Assert.Equal((SwitchMode.Adopt, 3L), (s.Request.Mode, s.Request.Positions[0])));
    }

    [Fact]
    public async Task RunAsync_WhenALiveWorkerIsAheadOfTheRebuild_CatchesUpFromTheArchiveAndAsksAgain()
    {
        Input();
        History();
        _outcomes["bob"] = new([SwitchOutcome.Behind, SwitchOutcome.Adopted]);

        var view = await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.Equal(["alice", "bob", "carol", "bob"], _switches.Select(s => s.Key));
        var retry = _steps.LastIndexOf("switch bob");
        Assert.Equal(["read", "wait"], _steps.Skip(_steps.IndexOf("switch carol") + 1).Take(retry - _steps.IndexOf("switch carol") - 1).Where(s => s is "read" or "wait"));
        Assert.Equal(ReplayStatus.Completed, view!.Status);
    }

    [Fact]
    public async Task RunAsync_WhenAKeyStaysAhead_GivesUpOnItAfterTheLastRoundAndFailsNamingIt()
    {
        Input();
        History();
        _outcomes["bob"] = new(Enumerable.Repeat(SwitchOutcome.Behind, ReplayOrchestration.MaxSwitchRounds + 1));

        var view = await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.Equal(ReplayStatus.Failed, view!.Status);
        Assert.Contains("bob", view.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenDone_DropsOnlyThisGenerationsEntities()
    {
        Input();
        History();

        await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.Equal([EntityKeys.For("counter", "alice", Generation), EntityKeys.For("counter", "bob", Generation)], _deleted);
    }

    [Fact]
    public async Task RunAsync_WhenShadowing_ComparesInsteadOfAdoptingAndWritesNoRowsAndSwitchesNoProjection()
    {
        Input(shadow: true);
        History();
        _plan = _plan with { ProjectionVersions = null };
        _outcomes["alice"] = new([SwitchOutcome.Compared]);
        _outcomes["bob"] = new([SwitchOutcome.Compared]);
        _outcomes["carol"] = new([SwitchOutcome.Compared]);

        var view = await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.All(_switches, s => Assert.Equal(SwitchMode.Compare, s.Request.Mode));
        Assert.DoesNotContain("SwitchProjections", _steps);
        var diff = view!.Diff!;
        Assert.Equal((3L, 1L, 1L), (diff.WorkersCompared, diff.WorkersDiffering, diff.EffectsOnlyInShadow));
        Assert.Equal("bob", Assert.Single(diff.Workers).Key);
    }

    [Fact]
    public async Task RunAsync_WhenAnExecutionHasScheduledEnoughTasks_ContinuesAsNewWithItsProgress()
    {
        Input();
        _pages.Enqueue(new ArchivePage(0, [.. Enumerable.Range(0, ReplayOrchestration.MaxTasksPerExecution).Select(i => Keyed($"k{i}", i))], 1999, T0, 2000, false));
        ReplayState? next = null;
        _context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>())).Callback((object? input, bool _) => next = (ReplayState)input!);

        var view = await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.Null(view);
        Assert.Equal((ReplayPhase.Read, 1999L, 2000L), (next!.Phase, next.Cursors[0].Position, next.View.EventsRead));
        Assert.Single(_steps, s => s == "read");
    }

    [Fact]
    public async Task RunAsync_WhenALiveKeyAndItsRebuiltWorkerAreListedOnDifferentPages_SwitchesItOnce()
    {
        Input();
        History();
        _listing = new WorkerListPage(["counter!alice"], "page-2");
        _secondListing = new WorkerListPage([$"counter!alice!g{Generation}", $"counter!bob!g{Generation}"], null);

        await ReplayOrchestration.RunAsync(_context.Object, Names);

        Assert.Equal(["alice", "bob"], _switches.Select(s => s.Key));
        Assert.NotNull(_switches[0].Request.Rebuilt);
    }
}
