using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded.State;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.Properties;

public sealed class RuntimePropertyTests
{
    private const int Partitions = 2;
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(25).WithEndSize(30);

    private static IReadOnlyList<IProcessor> Processors() => [new ProbeProcessor("probe"), new ProbeProcessor("gated", ["probe_start"])];

    [Fact]
    public void Runtime_ForAnyEventsBatchSizesAndRestarts_LosesNothingAndKeepsEachKeysOrder()
    {
        var property = Prop.ForAll(Scenario.Generator.ToArbitrary(), scenario => RunAsync(scenario).GetAwaiter().GetResult());

        Check.One(Quick, property);
    }

    private static async Task RunAsync(Scenario scenario)
    {
        var processors = Processors();
        var model = new ReferenceModel(Processors());
        var appended = new List<(EventSpec Spec, string Id, EventPosition Position)>();
        await using var test = TestRuntime.Start(processors, o =>
        {
            o.Partitions = Partitions;
            o.MaxBatchEvents = scenario.MaxBatchEvents;
        });
        var next = 0;
        foreach (var chunk in scenario.Chunks)
        {
            var time = test.Clock.GetUtcNow();
            foreach (var spec in chunk.Events)
            {
                var id = "e" + next++;
                if (spec.Act == Act.Poison)
                {
                    var receipt = await test.Runtime.AppendRawAsync(spec.Subject, Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\""));
                    model.Poison(receipt.Positions[0]!.Value);
                    appended.Add((spec, id, receipt.Positions[0]!.Value));
                    continue;
                }

                var raw = Ce.Make(spec.Type, spec.Subject, time, spec.Data(id), id);
                var position = (await test.IngestAsync(raw)).Positions[0]!.Value;
                model.Apply(CloudEventReader.Read(raw, position, time).Event!);
                appended.Add((spec, id, position));
            }

            await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(chunk.AdvanceMinutes));
            model.Drain(test.Clock.GetUtcNow());
            if (chunk.RestartAfter)
            {
                await test.RestartAsync();
            }
        }

        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(1));
        model.Drain(test.Clock.GetUtcNow());

        await AssertWorkersMatchAsync(test.Runtime, model, processors);
        var deadLetters = test.Runtime.DeadLetters(new DeadLetterQuery { Limit = 1000 })
            .Select(l => (l.Kind, l.Partition, l.Sequence, l.Processor, l.Key)).ToList();
        Assert.Equal(deadLetters.Count, deadLetters.Distinct().Count());
        Assert.Equal(model.DeadLetters.Order(), deadLetters.Order());
        await AssertEveryEventAccountedForAsync(test.Runtime, model, appended, [.. deadLetters]);
    }

    private static async Task AssertWorkersMatchAsync(EmbeddedRuntime runtime, ReferenceModel model, IReadOnlyList<IProcessor> processors)
    {
        foreach (var processor in processors)
        {
            for (var user = 0; user < 4; user++)
            {
                var id = new WorkerId(processor.Spec.Name, "u" + user);
                var actual = await runtime.GetWorkerAsync(id);
                model.Workers.TryGetValue(id, out var expected);
                Assert.Equal(Describe(expected, processor), Describe(actual));
            }
        }
    }

    /// <summary>Every appended event is, for each processor, applied, ignored by design, or in the dead-letter store.</summary>
    private static async Task AssertEveryEventAccountedForAsync(
        EmbeddedRuntime runtime, ReferenceModel model, List<(EventSpec Spec, string Id, EventPosition Position)> appended,
        HashSet<(DeadLetterKind Kind, int Partition, long Sequence, string? Processor, string? Key)> deadLetters)
    {
        foreach (var name in new[] { "probe", "gated" })
        {
            for (var user = 0; user < 4; user++)
            {
                var view = await runtime.GetWorkerAsync(new WorkerId(name, "u" + user));
                var seen = view?.State is { } state
                    ? state.GetProperty("seen").EnumerateArray().Select(x => x.GetString()!).Where(s => s.StartsWith("e:", StringComparison.Ordinal)).Select(s => s[2..]).ToList()
                    : [];
                var keyEvents = appended.Where(a => a.Spec.User == user).ToList();

                // Per-key order: what the worker saw is its key's events in log order.
                var indices = seen.Select(id => keyEvents.FindIndex(a => a.Id == id)).ToList();
                Assert.DoesNotContain(-1, indices);
                Assert.Equal(indices.Order(), indices);

                foreach (var (spec, id, position) in keyEvents)
                {
                    // A retired worker keeps no state, only its watermark: what it covers was applied unless ignored.
                    var applied = spec.Act != Act.Poison && (seen.Contains(id)
                        || (view is { Status: WorkerStatus.Retired } && view.Watermarks.Any(w => w.Partition == position.Partition && w.Sequence >= position.Sequence) && !model.Ignored.Contains((name, position))));
                    var ignored = model.Ignored.Contains((name, position));
                    var dead = deadLetters.Any(d => d.Partition == position.Partition && d.Sequence == position.Sequence && (d.Processor == name || d.Kind == DeadLetterKind.Unparseable));
                    Assert.True(new[] { applied, ignored, dead }.Count(x => x) == 1, $"{name}/{spec.Subject} event {id} ({spec.Act}) at {position}: applied {applied}, ignored {ignored}, dead-lettered {dead}");
                }
            }
        }
    }

    private static string Describe(Worker? worker, IProcessor processor)
    {
        if (worker is null)
        {
            return "none";
        }

        string? state = null;
        if (worker.State is not null)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                processor.WriteState(writer, worker.State);
            }

            state = Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        var timers = (worker.Timers?.Values.AsEnumerable() ?? []).OrderBy(t => t.Due).Select(t => $"{t.Name}@{t.Due:O}#{t.Token}");
        return $"{worker.Status} {state} [{string.Join(",", timers)}] w[{string.Join(",", worker.Watermarks)}] applied {worker.EventsApplied} sent {worker.EffectsSent} fired {worker.TimersFired} q {worker.QuarantineReason}";
    }

    private static string Describe(WorkerView? view)
    {
        if (view is null)
        {
            return "none";
        }

        var timers = view.Timers.OrderBy(t => t.Due).Select(t => $"{t.Name}@{t.Due:O}#{t.Token}");
        return $"{view.Status} {view.State?.GetRawText()} [{string.Join(",", timers)}] w[{string.Join(",", view.Watermarks)}] applied {view.EventsApplied} sent {view.EffectsSent} fired {view.TimersFired} q {view.QuarantineReason}";
    }

    [Fact]
    public void ApplyEvent_WhenABatchIsRedelivered_ReportsDuplicatesAndChangesNothing()
    {
        var events = Gen.Elements("""{"do":"set","minutes":5}""", """{"do":"send"}""", """{"note":1}""", """{"do":"cancel"}""")
            .NonEmptyListOf().Where(l => l.Count <= 20);
        var property = Prop.ForAll(events.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (data, seed) =>
        {
            var processor = new ProbeProcessor();
            var applier = new WorkerApplier();
            var results = new ApplyResults();
            var log = data.Select((d, i) => CloudEventReader.Read(
                Ce.Probe("u1", "e" + i, Ce.T0.AddMinutes(i), d), new EventPosition(1, i + 1), Ce.T0).Event!).ToList();
            Worker? worker = null;
            foreach (var @event in log)
            {
                applier.ApplyEvent(processor, ref worker, "u1", @event, results);
            }

            var before = WorkerCodec.Encode(worker!, processor);
            results.Clear();
            var redelivered = log.Skip(new Random(seed).Next(log.Count)).ToList();

            var outcomes = redelivered.Select(e => applier.ApplyEvent(processor, ref worker, "u1", e, results)).ToList();

            Assert.All(outcomes, o => Assert.Equal(ApplyOutcome.Duplicate, o));
            Assert.Equal(before, WorkerCodec.Encode(worker!, processor));
            Assert.Empty(results.Effects);
            Assert.Empty(results.ArmedTimers);
        });

        Check.One(Quick, property);
    }

    [Fact]
    public void Timers_UnderAManualClock_FireExactlyWhenDue()
    {
        var timerSets = Gen.Zip(Gen.Choose(0, 2), Gen.Choose(1, 120)).ListOf().Where(l => l.Count is > 0 and <= 10);
        var advances = Gen.Choose(0, 60).ListOf().Where(l => l.Count is > 0 and <= 8);
        var property = Prop.ForAll(timerSets.ToArbitrary(), advances.ToArbitrary(), (sets, steps) => CheckTimersAsync(sets, steps).GetAwaiter().GetResult());

        Check.One(Quick, property);
    }

    private static async Task CheckTimersAsync(List<(int User, int Minutes)> sets, List<int> steps)
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()], o => o.Partitions = 2);
        var armed = new List<(string User, string Name, DateTimeOffset Due)>();
        for (var i = 0; i < sets.Count; i++)
        {
            var (user, minutes) = sets[i];
            await test.IngestAsync(Ce.Probe("u" + user, "e" + i, Ce.T0, $$"""{"do":"set","timer":"t{{i}}","minutes":{{minutes}}}"""));
            armed.Add(("u" + user, "t" + i, Ce.T0.AddMinutes(minutes)));
        }

        await test.Runtime.DrainAsync();
        foreach (var step in steps.Append(121))
        {
            await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(step));
            var now = test.Clock.GetUtcNow();
            foreach (var user in armed.Select(a => a.User).Distinct())
            {
                var view = (await test.WorkerAsync("probe", user))!;
                var fired = view.State!.Value.GetProperty("seen").EnumerateArray().Select(x => x.GetString()!).Where(s => s.StartsWith("t:", StringComparison.Ordinal)).ToList();
                var mine = armed.Where(a => a.User == user).ToList();

                Assert.Equal(mine.Where(a => a.Due <= now).Select(a => $"t:{a.Name}@{a.Due:O}").Order(StringComparer.Ordinal), fired.Order(StringComparer.Ordinal));
                Assert.Equal(mine.Where(a => a.Due > now).Select(a => a.Name).Order(StringComparer.Ordinal), view.Timers.Select(t => t.Name).Order(StringComparer.Ordinal));
            }

            Assert.All(test.Test.Attempts, a => Assert.True(a.At >= a.Effect.CreatedAt, $"effect of a timer due {a.Effect.CreatedAt:O} delivered at {a.At:O}"));
        }

        Assert.Equal(sets.Count, test.Test.Delivered.Count);
    }
}
