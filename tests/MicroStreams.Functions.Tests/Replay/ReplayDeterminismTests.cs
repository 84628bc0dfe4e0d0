using System.Text;
using MicroStreams.Archive;
using MicroStreams.Events;
using MicroStreams.Examples;
using MicroStreams.Examples.Push;
using MicroStreams.Functions.Entities;
using MicroStreams.Functions.Events;
using MicroStreams.Functions.Replay;
using MicroStreams.Functions.Routing;
using MicroStreams.Functions.Tests.Fakes;
using MicroStreams.Routing;
using static MicroStreams.Functions.Tests.Fakes.Events;
using MicroStreams.Replay;

namespace MicroStreams.Functions.Tests.Replay;

/// <summary>
/// Replaying the archive into a new generation gives byte-identical workers to the live ones for the example processors:
/// live, each event is applied through the ApplyBatch path and each timer fires by its tick at its due time; the
/// rebuild reads the same records as archive lines, plans them per processor and key, and re-derives the timers.
/// </summary>
public sealed class ReplayDeterminismTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private readonly Router _router;
    private readonly ProcessorEntityCore _live;
    private readonly WorkerRebuild _rebuild;
    private readonly Dictionary<(string Processor, string Key), ProcessorEntityState?> _workers = [];

    public ReplayDeterminismTests()
    {
        var tenants = new StaticTenantDirectory(new Dictionary<string, IReadOnlyList<Destination>>
        {
            ["acme"] = [new Destination("hook", "https://hooks.example.com/acme", [EventTypes.SaleComplete, EventTypes.UserSignin]) { MaxBatchSize = 3, FlushInterval = TimeSpan.FromMinutes(1) }],
        });
        _router = new Router(ExampleProcessors.All(tenants));
        _live = new ProcessorEntityCore(_router, _clock);
        _rebuild = new WorkerRebuild(_router, ShadowVariants.None, _clock);
    }

    private static LogRecord Event(int partition, long sequence, TimeSpan at, string type, string user, string data) =>
        new(partition, sequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Start + at, null,
            CloudEventReader.Write($"{type}-{partition}-{sequence}", "shop", type, user, Start + at, data), new Dictionary<string, object>());

    /// <summary>Sign-ups, sign-ins and sales of three users over two partitions; a week later, churn timers are due and a sale crossed $100.</summary>
    private static List<LogRecord> History() =>
    [
        Event(0, 0, TimeSpan.Zero, EventTypes.UserCreated, "u1", """{"email":"u1@example.com","tenant":"acme"}"""),
        Event(1, 0, TimeSpan.FromMinutes(1), EventTypes.UserCreated, "u3", """{"email":"u3@example.com","tenant":"acme"}"""),
        Event(0, 1, TimeSpan.FromMinutes(1), EventTypes.UserSignin, "u1", """{"tenant":"acme"}"""),
        Event(0, 2, TimeSpan.FromMinutes(2), EventTypes.SaleComplete, "u1", """{"price":60,"tenant":"acme"}"""),
        Event(1, 1, TimeSpan.FromMinutes(2), EventTypes.UserSignin, "u3", """{"email":"u3@example.com","tenant":"acme"}"""),
        Event(0, 3, TimeSpan.FromMinutes(3), EventTypes.UserCreated, "u2", """{"email":"u2@example.com","tenant":"acme"}"""),
        Event(0, 4, TimeSpan.FromMinutes(4), EventTypes.UserSignin, "u2", """{"tenant":"acme"}"""),
        Event(0, 5, TimeSpan.FromMinutes(5), EventTypes.SaleComplete, "u1", """{"price":50,"tenant":"acme"}"""),
        Event(1, 2, TimeSpan.FromMinutes(6), EventTypes.SaleComplete, "u3", """{"price":10,"tenant":"acme"}"""),
        Event(1, 3, TimeSpan.FromMinutes(6.5), EventTypes.SaleComplete, "u3", """{"price":15,"tenant":"acme"}"""),
        Event(0, 6, TimeSpan.FromDays(8), EventTypes.UserSignin, "u2", """{"tenant":"acme"}"""),
        Event(1, 4, TimeSpan.FromDays(8), EventTypes.PageView, "u3", """{"tenant":"acme"}"""),
    ];

    [Fact]
    public void Rebuild_FromTheArchivedHistory_GivesByteIdenticalWorkersToTheLiveOnes()
    {
        var history = History();
        RunLive(history);

        var rebuilt = RebuildFromArchive(history);

        Assert.True(_workers.Values.Count(w => w is not null) >= 6);
        foreach (var worker in _workers.Keys.Union(rebuilt.Keys))
        {
            var live = _workers.GetValueOrDefault(worker);
            var compared = _rebuild.Switch(live, worker.Processor, worker.Key, Request(history, rebuilt.GetValueOrDefault(worker), SwitchMode.Compare));
            Assert.True(compared.Report.Difference is null, $"{worker}: live {compared.Report.Difference?.Live} rebuilt {compared.Report.Difference?.Shadow}");
        }
    }

    [Fact]
    public void Switch_WhenTheRebuiltGenerationIsAdopted_KeepsTheLiveStateAndOnlyChangesTheGeneration()
    {
        var history = History();
        RunLive(history);
        var rebuilt = RebuildFromArchive(history);

        foreach (var (worker, state) in rebuilt)
        {
            var adopted = _rebuild.Switch(_workers[worker], worker.Processor, worker.Key, Request(history, state, SwitchMode.Adopt));

            Assert.Equal(WorkerRebuild.Canonical(_workers[worker]), WorkerRebuild.Canonical(adopted.State));
            Assert.Equal(7, adopted.State!.Generation);
        }
    }

    /// <summary>The live path: one event per trigger batch, and every timer ticks at its due time (a prompt scheduled signal); a deferred tick fires on the partition clock's wake.</summary>
    private void RunLive(List<LogRecord> history)
    {
        var planner = new BatchPlanner(_router);
        foreach (var record in history.OrderBy(r => r.EnqueuedTime).ThenBy(r => r.Partition))
        {
            TickUpTo(record.EnqueuedTime);
            foreach (var batch in planner.Plan([record], record.EnqueuedTime).Keys)
            {
                var id = (batch.Processor, batch.Key);
                _workers[id] = _live.Apply(_workers.GetValueOrDefault(id), batch.Processor, batch.Key, new ApplyRequest(batch.Events)).State;
            }
        }

        TickUpTo(history.Max(r => r.EnqueuedTime));
    }

    private void TickUpTo(DateTimeOffset now)
    {
        _clock.Now = now;
        while (_workers.Where(w => w.Value?.Timers is { Count: > 0 }).SelectMany(w => w.Value!.Timers!.Select(t => (Worker: w.Key, Name: t.Key, t.Value.Due, t.Value.Token)))
            .Where(t => t.Due <= now).OrderBy(t => t.Due).ThenBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault() is { Name: not null } due)
        {
            var step = _live.Tick(_workers[due.Worker], due.Worker.Processor, due.Worker.Key, new TimerTick(due.Name, due.Token));

            // A tick ahead of its worker's horizon defers to the partition clock; every partition is applied up to now here.
            _workers[due.Worker] = step.AwaitClock is null ? step.State : _live.Wake(step.State, due.Worker.Processor, due.Worker.Key, new TimerWake(now)).State;
        }
    }

    /// <summary>The rebuild path: each partition's records as archive lines, planned per processor, one rebuild operation per key.</summary>
    private Dictionary<(string Processor, string Key), ProcessorEntityState?> RebuildFromArchive(List<LogRecord> history)
    {
        var rebuilt = new Dictionary<(string, string), ProcessorEntityState?>();
        foreach (var partition in history.GroupBy(r => r.Partition))
        {
            var lines = partition.OrderBy(r => r.Sequence)
                .Select(r => new ArchiveRecord(r.Partition, r.Sequence, r.EnqueuedTime, ArchiveEncoder.Line(new ArchiveRecord(r.Partition, r.Sequence, r.EnqueuedTime, r.Body))!))
                .ToList();
            Assert.All(lines, l => Assert.Contains("logsequence", Encoding.UTF8.GetString(l.Body.Span), StringComparison.Ordinal));
            foreach (var processor in _router.Processors)
            {
                foreach (var batch in ArchivePagePlanner.Plan(lines, processor, processor, new ReplayRequest(processor.Spec.Name), DateTimeOffset.MinValue).Keys)
                {
                    var id = (processor.Spec.Name, batch.Key);
                    rebuilt[id] = _rebuild.Rebuild(rebuilt.GetValueOrDefault(id), id.Name, id.Key, new RebuildRequest(7, batch.Events, batch.FireUpTo)).State;
                }
            }
        }

        return rebuilt;
    }

    private static SwitchRequest Request(List<LogRecord> history, ProcessorEntityState? rebuilt, SwitchMode mode) => new(
        7,
        rebuilt,
        history.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.Sequence)),
        history.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Max(r => r.EnqueuedTime)),
        mode);
}
