using MicroStreams.Events;
using MicroStreams.Processors;
using MicroStreams.Timers;

namespace MicroStreams.Cli.Bench;

/// <summary>
/// W5's processor: an <c>arm</c> event sets <c>data.timers</c> named timers spread over the window (a minute by default)
/// after the event's time; each firing counts, and is reported to <paramref name="fired"/> with its due time when given.
/// </summary>
public sealed class TimerStormProcessor(TimeSpan? window = null, Action<DateTimeOffset>? fired = null) : Processor<TimerStormProcessor.Counts>
{
    public const string Name = "timer_storm";
    public const string ArmEvent = "arm";
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    public TimeSpan Window { get; } = window ?? DefaultWindow;

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = [ArmEvent] };

    protected override Counts Start(StreamEvent activatingEvent) => new(0, 0);

    protected override Counts Handle(ProcessorContext context, Counts state, StreamEvent @event)
    {
        var timers = (int)@event.GetDecimal("timers", 1);
        var seed = (uint)context.Key.GetHashCode(StringComparison.Ordinal);
        for (var i = 0; i < timers; i++)
        {
            var offset = (seed + ((uint)i * 7919u)) % (uint)Window.TotalMilliseconds;
            context.SetTimer($"t{i}", context.Now + TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(offset));
        }

        return state with { Armed = state.Armed + timers };
    }

    protected override Counts OnTimer(ProcessorContext context, Counts state, TimerFired timer)
    {
        fired?.Invoke(timer.Due);
        return state with { Fired = state.Fired + 1 };
    }

    /// <summary>How many timers this key armed and how many fired.</summary>
    public sealed record Counts(int Armed, int Fired);
}
