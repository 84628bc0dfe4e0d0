using System.Text.Json;
using MicroStreams.Events;
using MicroStreams.Timers;

namespace MicroStreams.Processors;

/// <summary>
/// The untyped contract a host runs. Implement <see cref="Processor{TState}"/> instead: it is the same thing, typed.
/// </summary>
public interface IProcessor
{
    ProcessorSpec Spec { get; }

    object CreateState(StreamEvent activatingEvent);

    object Handle(ProcessorContext context, object state, StreamEvent @event);

    object OnTimer(ProcessorContext context, object state, TimerFired timer);

    void WriteState(Utf8JsonWriter writer, object state);

    /// <summary>Reads state written by <paramref name="version"/>; older versions go through the processor's upgrade.</summary>
    object ReadState(ReadOnlySpan<byte> json, int version);
}
