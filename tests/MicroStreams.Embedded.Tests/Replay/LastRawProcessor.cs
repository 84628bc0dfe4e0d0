using System.Text;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>Keeps the last raw event of each key, as push delivery keeps the events it forwards: replay must hand it the bytes live processing saw.</summary>
internal sealed class LastRawProcessor : Processor<LastRawState>
{
    public const string Name = "last_raw";

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = ["user_signin"] };

    protected override LastRawState Start(StreamEvent activatingEvent) => new(string.Empty);

    protected override LastRawState Handle(ProcessorContext context, LastRawState state, StreamEvent @event) =>
        new(Encoding.UTF8.GetString(@event.Raw.Span));

    protected override LastRawState OnTimer(ProcessorContext context, LastRawState state, TimerFired timer) => state;
}

internal sealed record LastRawState(string Raw);
