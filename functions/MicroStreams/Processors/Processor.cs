using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MicroStreams.Events;
using MicroStreams.Timers;

namespace MicroStreams.Processors;

/// <summary>
/// A deterministic state machine for one key. Handling an event or a timer returns the new state and records
/// decisions (timers, effects, retirement) on the context; the host carries them out. No I/O happens here,
/// which is what lets tests, replay and both hosts run the same code.
/// </summary>
/// <typeparam name="TState">The worker's state. Treat it as immutable (a record updated with <c>with</c>):
/// when a handler throws, the host keeps the previous state object.</typeparam>
public abstract class Processor<TState> : IProcessor where TState : class
{
    public abstract ProcessorSpec Spec { get; }

    /// <summary>The state of a worker that was just activated by <paramref name="activatingEvent"/>, before it is handled.</summary>
    protected abstract TState Start(StreamEvent activatingEvent);

    protected abstract TState Handle(ProcessorContext context, TState state, StreamEvent @event);

    protected virtual TState OnTimer(ProcessorContext context, TState state, TimerFired timer) => state;

    /// <summary>Source-generated metadata for the state, for speed; reflection is used when null.</summary>
    protected virtual JsonTypeInfo<TState>? StateTypeInfo => null;

    /// <summary>
    /// Migrates state written by an older <paramref name="fromVersion"/> of this processor. The default refuses,
    /// which makes the runtime ask for a rebuild instead of mixing state shapes.
    /// </summary>
    protected virtual TState Upgrade(int fromVersion, JsonElement oldState) =>
        throw new StateVersionException(Spec.Name, fromVersion, Spec.Version);

    object IProcessor.CreateState(StreamEvent activatingEvent) => Start(activatingEvent);

    object IProcessor.Handle(ProcessorContext context, object state, StreamEvent @event) => Handle(context, (TState)state, @event);

    object IProcessor.OnTimer(ProcessorContext context, object state, TimerFired timer) => OnTimer(context, (TState)state, timer);

    void IProcessor.WriteState(Utf8JsonWriter writer, object state)
    {
        if (StateTypeInfo is { } info)
        {
            JsonSerializer.Serialize(writer, (TState)state, info);
        }
        else
        {
            JsonSerializer.Serialize(writer, (TState)state, StateJson.Options);
        }
    }

    object IProcessor.ReadState(ReadOnlySpan<byte> json, int version)
    {
        if (version != Spec.Version)
        {
            var reader = new Utf8JsonReader(json);
            return Upgrade(version, JsonElement.ParseValue(ref reader));
        }

        return (StateTypeInfo is { } info
            ? JsonSerializer.Deserialize(json, info)
            : JsonSerializer.Deserialize<TState>(json, StateJson.Options))
            ?? throw new JsonException($"state of processor '{Spec.Name}' deserialized to null");
    }
}
