using MicroStreams.Events;
using MicroStreams.Processors;

namespace MicroStreams.Cli.Bench;

/// <summary>The latency workload's processor: every <c>ping</c> sends one webhook (to one of 64 paths by key) carrying the ping's number.</summary>
public sealed class LatencyProbe(string baseUrl) : Processor<LatencyProbe.Count>
{
    public const string Name = "latency_probe";
    public const string PingEvent = "ping";

    public override ProcessorSpec Spec { get; } = new(Name) { Subscribes = [PingEvent], KeepsEvents = false };

    protected override Count Start(StreamEvent activatingEvent) => new(0);

    protected override Count Handle(ProcessorContext context, Count state, StreamEvent @event)
    {
        var number = (long)@event.GetDecimal("n");
        context.Send("webhook", $"{baseUrl}/hook/{number % 64}", new { n = number });
        return new Count(state.Pings + 1);
    }

    /// <summary>Pings this key received.</summary>
    public sealed record Count(long Pings);
}
