using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Tests.TestSupport;

public sealed record ProbeState(IReadOnlyList<string> Seen);

/// <summary>
/// A processor scripted by its events' data: <c>{"do":"set","timer":"a","minutes":5}</c>, <c>cancel</c>,
/// <c>retire</c>, <c>send</c> (with <c>count</c>), <c>throw</c> (until <see cref="Healed"/>) or <c>flaky</c> (fails on the first attempt only).
/// Its state lists what it saw, in order, so tests can read ordering and duplicates off it.
/// </summary>
internal sealed class ProbeProcessor(string name = "probe", IReadOnlyList<string>? activatedBy = null) : Processor<ProbeState>
{
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public int HandleCalls { get; private set; }

    /// <summary>Once set, <c>throw</c> events apply like any other: the fix a redrive is waiting for.</summary>
    public bool Healed { get; set; }

    public override ProcessorSpec Spec { get; } = new(name)
    {
        Subscribes = ["probe", "probe_start"],
        ActivatedBy = activatedBy,
    };

    protected override ProbeState Start(StreamEvent activatingEvent) => new([]);

    protected override ProbeState Handle(ProcessorContext context, ProbeState state, StreamEvent @event)
    {
        HandleCalls++;
        var attempt = _attempts[@event.Id] = _attempts.GetValueOrDefault(@event.Id) + 1;
        var timer = @event.GetString("timer") ?? "a";
        switch (@event.GetString("do"))
        {
            case "throw" when !Healed:
                throw new InvalidOperationException($"probe refuses {@event.Id}");
            case "flaky" when attempt == 1:
                throw new InvalidOperationException($"probe stumbles on {@event.Id}");
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
                for (var i = 0; i < (int)@event.GetDecimal("count", 1); i++)
                {
                    context.Send("test", "dest", new { @event = @event.Id, i });
                }

                break;
        }

        return state with { Seen = [.. state.Seen, "e:" + @event.Id] };
    }

    protected override ProbeState OnTimer(ProcessorContext context, ProbeState state, TimerFired timer)
    {
        context.Send("test", "dest", new { timer = timer.Name, due = timer.Due });
        return state with { Seen = [.. state.Seen, $"t:{timer.Name}@{timer.Due:O}"] };
    }
}
