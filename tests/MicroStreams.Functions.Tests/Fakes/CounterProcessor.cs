using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Functions.Tests.Fakes;

public sealed record CounterState(int Count, string? Email);

/// <summary>
/// A small processor for the tests: activated by <c>user_created</c> (which arms a one-day <c>reminder</c> timer),
/// counts <c>item</c> events (publishing the count as a row of <c>counts</c>), sends an email on the third, throws on
/// <c>{"fail":true}</c>, retires on <c>user_deleted</c> (removing its row).
/// </summary>
public sealed class CounterProcessor : Processor<CounterState>
{
    public const string Name = "counter";
    public const string Projection = "counts";

    public override ProcessorSpec Spec { get; } = new(Name)
    {
        Subscribes = ["user_created", "item", "user_deleted"],
        ActivatedBy = ["user_created"],
        Projections = [Projection],
    };

    // HasData guard: since core commit 35ae7bb, StreamEvent.GetString throws on an event without data (reported to the lead).
    protected override CounterState Start(StreamEvent activatingEvent) => new(0, activatingEvent.HasData ? activatingEvent.GetString("email") : null);

    protected override CounterState Handle(ProcessorContext context, CounterState state, StreamEvent @event)
    {
        switch (@event.Type)
        {
            case "user_created":
                context.SetTimer("reminder", TimeSpan.FromDays(1));
                return state;
            case "user_deleted":
                context.RemoveProjection(Projection, context.Key);
                context.Retire();
                return state;
        }

        if (@event.Data.ValueKind == System.Text.Json.JsonValueKind.Object && @event.Data.TryGetProperty("fail", out var fail) && fail.GetBoolean())
        {
            throw new InvalidOperationException("poison item");
        }

        var next = state with { Count = state.Count + 1 };
        context.Project(Projection, context.Key, new { count = next.Count });
        if (next.Count == 3)
        {
            context.Send("email", state.Email ?? context.Key, new { count = next.Count });
        }

        return next;
    }

    protected override CounterState OnTimer(ProcessorContext context, CounterState state, TimerFired timer)
    {
        context.Send("email", state.Email ?? context.Key, new { reminder = timer.Name });
        context.Project(Projection, context.Key, new { count = state.Count, reminded = true });
        return state;
    }
}
