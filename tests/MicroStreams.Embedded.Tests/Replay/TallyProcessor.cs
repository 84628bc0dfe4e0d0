using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// Counts a key's sign-ins and sends a "test" effect every <see cref="EffectEvery"/>th one and a reminder a day after
/// each; configurable so one test can run a changed version (new logic, new state version, with or without an upgrade).
/// </summary>
internal sealed class TallyProcessor(int version = 1, int effectEvery = 3, bool upgrades = false, ManualResetEventSlim? gate = null) : Processor<TallyState>
{
    public const string Name = "tally";

    public int EffectEvery { get; } = effectEvery;

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = ["user_signin"], Version = version };

    protected override TallyState Start(StreamEvent activatingEvent) => new(0, version);

    protected override TallyState Handle(ProcessorContext context, TallyState state, StreamEvent @event)
    {
        gate?.Wait();
        var count = state.Count + 1;
        if (count % EffectEvery == 0)
        {
            context.Send("test", context.Key, new { count });
        }

        context.SetTimer("remind", TimeSpan.FromDays(1));
        return state with { Count = count };
    }

    protected override TallyState OnTimer(ProcessorContext context, TallyState state, TimerFired timer)
    {
        context.Send("test", context.Key, new { reminder = state.Count });
        return state;
    }

    protected override TallyState Upgrade(int fromVersion, JsonElement oldState) =>
        upgrades ? new TallyState(oldState.GetProperty("count").GetInt32(), version) : base.Upgrade(fromVersion, oldState);
}

internal sealed record TallyState(int Count, int Shape);
