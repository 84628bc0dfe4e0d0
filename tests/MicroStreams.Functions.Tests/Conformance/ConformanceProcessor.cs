using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Functions.Tests.Conformance;

public sealed record ConformanceState(IReadOnlyList<string> Seen, bool Bomb);

/// <summary>
/// A processor scripted by its events' data, deterministic in everything it does (no attempt counters): <c>set</c> and
/// <c>cancel</c> a timer, <c>send</c> an effect, <c>throw</c>, <c>retire</c>, <c>bomb</c> (its next timer handler throws).
/// Every event and firing writes the worker's row; the state lists what it saw, so order differences show.
/// </summary>
internal sealed class ConformanceProcessor : Processor<ConformanceState>
{
    public const string Name = "conf";
    public const string Rows = "conf_rows";

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = [Name], Projections = [Rows] };

    protected override ConformanceState Start(StreamEvent activatingEvent) => new([], false);

    protected override ConformanceState Handle(ProcessorContext context, ConformanceState state, StreamEvent @event)
    {
        var timer = @event.GetString("timer") ?? "a";
        switch (@event.GetString("do"))
        {
            case "throw":
                throw new InvalidOperationException($"conf refuses {@event.Id}");
            case "set":
                context.SetTimer(timer, TimeSpan.FromMinutes((double)@event.GetDecimal("minutes")));
                break;
            case "cancel":
                context.CancelTimer(timer);
                break;
            case "retire":
                context.Retire();
                break;
            case "send":
                context.Send("test", "dest", new { @event = @event.Id });
                break;
            case "bomb":
                state = state with { Bomb = true };
                break;
        }

        var next = state with { Seen = [.. state.Seen, $"e:{@event.Id}"] };
        context.Project(Rows, context.Key, new { seen = next.Seen.Count, last = @event.Id });
        return next;
    }

    protected override ConformanceState OnTimer(ProcessorContext context, ConformanceState state, TimerFired timer)
    {
        if (state.Bomb)
        {
            throw new InvalidOperationException($"conf timer {timer.Name} explodes");
        }

        context.Send("test", "dest", new { timer = timer.Name, due = timer.Due });
        var next = state with { Seen = [.. state.Seen, $"t:{timer.Name}@{timer.Due:O}"] };
        context.Project(Rows, context.Key, new { seen = next.Seen.Count, last = timer.Name });
        return next;
    }
}
