using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>The tally, declared to start from the beginning of the log (so adding it backfills it); the gate can hold its handler.</summary>
internal sealed class BackfilledTally(ManualResetEventSlim? gate = null) : Processor<TallyState>
{
    private readonly TallyProcessor _inner = new(gate: gate);

    public override ProcessorSpec Spec { get; } = new TallyProcessor().Spec with { StartFrom = StartPosition.Beginning };

    protected override TallyState Start(StreamEvent activatingEvent) => (TallyState)((IProcessor)_inner).CreateState(activatingEvent);

    protected override TallyState Handle(ProcessorContext context, TallyState state, StreamEvent @event) => (TallyState)((IProcessor)_inner).Handle(context, state, @event);

    protected override TallyState OnTimer(ProcessorContext context, TallyState state, TimerFired timer) => (TallyState)((IProcessor)_inner).OnTimer(context, state, timer);
}
