using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Embedded.Tests.Projections;

/// <summary>Counts a user's sign-ins and publishes the count in a projection row tagged with the code's release, so a
/// test can tell the rows of the live generation from those of a rebuilt one.</summary>
internal sealed class TaggedTally(string tag) : Processor<TaggedTallyState>
{
    public const string Name = "tagged_tally";
    public const string Projection = "tally_rows";

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = ["user_signin"], Projections = [Projection] };

    protected override TaggedTallyState Start(StreamEvent activatingEvent) => new(0);

    protected override TaggedTallyState Handle(ProcessorContext context, TaggedTallyState state, StreamEvent @event)
    {
        context.Project(Projection, context.Key, new { count = state.Count + 1, tag });
        return new TaggedTallyState(state.Count + 1);
    }

    protected override TaggedTallyState OnTimer(ProcessorContext context, TaggedTallyState state, TimerFired timer) => state;
}

internal sealed record TaggedTallyState(int Count);
