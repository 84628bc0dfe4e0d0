using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Functions.Tests.Fakes;

/// <summary>A new version of <see cref="CounterProcessor"/> for shadow tests: same name, a fixed address in its state, sends on the second item instead of the third.</summary>
public sealed class CounterSendsOnSecondItem : Processor<CounterState>
{
    private readonly CounterProcessor _v1 = new();

    public override ProcessorSpec Spec => _v1.Spec;

    protected override CounterState Start(StreamEvent activatingEvent) => new(0, "v2@example.com");

    protected override CounterState Handle(ProcessorContext context, CounterState state, StreamEvent @event)
    {
        if (@event.Type != "item")
        {
            return @event.Type == "user_created" ? Timer(context, state) : state;
        }

        var next = state with { Count = state.Count + 1 };
        if (next.Count == 2)
        {
            context.Send("email", context.Key, new { sent = next.Count });
        }

        return next;
    }

    private static CounterState Timer(ProcessorContext context, CounterState state)
    {
        context.SetTimer("reminder", TimeSpan.FromDays(1));
        return state;
    }
}
