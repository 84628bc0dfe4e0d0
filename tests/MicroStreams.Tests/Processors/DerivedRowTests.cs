using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Processors;

/// <summary>Projection rows published as a view of the state (<see cref="ProcessorContext.Project{TSource, TRow}(string, string, TSource, Func{string, TSource, TRow}, JsonTypeInfo{TRow})"/>).</summary>
public sealed class DerivedRowTests
{
    [Fact]
    public void Project_AViewOfTheState_IsTheRowOfThatEventsStateWhenReadLater()
    {
        var applier = new WorkerApplier();
        var results = new ApplyResults();
        var processor = new CountingProcessor();
        Worker? worker = null;

        applier.ApplyEvent(processor, ref worker, "u1", Ev.Make("count", "u1", Ev.T0, sequence: 1), results);
        var first = results.ProjectionChanges.ToList();
        results.Clear();
        applier.ApplyEvent(processor, ref worker, "u1", Ev.Make("count", "u1", Ev.T0.AddMinutes(1), sequence: 2), results);
        var second = results.ProjectionChanges.ToList();

        // Two views of the same types alternate on every event: each change is made by its own function, from the state of
        // its own event.
        Assert.Equal(["""{"Key":"u1","Count":1}""", """{"Key":"u1!","Count":10}"""], first.Select(c => c.Document));
        Assert.Equal(["""{"Key":"u1","Count":2}""", """{"Key":"u1!","Count":20}"""], second.Select(c => c.Document));
        Assert.Equal([("counts", "u1"), ("tens", "u1")], first.Select(c => (c.Projection, c.Key)));
        Assert.All(first.Concat(second), c => Assert.False(c.IsRemoval));
    }

    public sealed record Counter(int Count);

    public sealed record CountRow(string Key, int Count);

    private sealed class CountingProcessor : Processor<Counter>
    {
        private static readonly JsonTypeInfo<CountRow> CountRows = (JsonTypeInfo<CountRow>)JsonSerializerOptions.Default.GetTypeInfo(typeof(CountRow));

        public override ProcessorSpec Spec { get; } = new("counting") { Subscribes = ["count"] };

        protected override Counter Start(StreamEvent activatingEvent) => new(0);

        protected override Counter Handle(ProcessorContext context, Counter state, StreamEvent @event)
        {
            var next = state with { Count = state.Count + 1 };
            context.Project("counts", context.Key, next, static (key, s) => new CountRow(key, s.Count), CountRows);
            context.Project("tens", context.Key, next, static (key, s) => new CountRow(key + "!", s.Count * 10), CountRows);
            return next;
        }
    }
}
