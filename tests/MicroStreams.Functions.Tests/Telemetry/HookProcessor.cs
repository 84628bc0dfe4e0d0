using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Functions.Tests.Telemetry;

public sealed record HookState(int Sent);

/// <summary>Calls the webhook named in each <c>order</c> event's <c>url</c> (the built-in <c>webhook</c> channel).</summary>
public sealed class HookProcessor : Processor<HookState>
{
    public const string Name = "hook";

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = ["order"] };

    protected override HookState Start(StreamEvent activatingEvent) => new(0);

    protected override HookState Handle(ProcessorContext context, HookState state, StreamEvent @event)
    {
        context.Send("webhook", @event.GetString("url")!, new { order = @event.Id });
        return state with { Sent = state.Sent + 1 };
    }
}
