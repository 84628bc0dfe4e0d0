using System.Text.Json;
using MicroStreams.Processors;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Functions.Entities;

/// <summary>Converts between the entity's JSON-friendly <see cref="ProcessorEntityState"/> and the core's <see cref="Worker"/>.</summary>
public static class WorkerRecordCodec
{
    public static Worker ToWorker(IProcessor processor, ProcessorEntityState state)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(state);
        var worker = new Worker(new WorkerId(state.Processor, state.Key))
        {
            Status = state.Status,
            StateVersion = processor.Spec.Version,
            State = state.State is { } json ? processor.ReadState(JsonSerializer.SerializeToUtf8Bytes(json), state.StateVersion) : null,
            NextTimerToken = state.NextTimerToken,
            Watermarks = [.. state.Watermarks.Select(w => new PartitionWatermark(w.Partition, w.Sequence))],
            EventsApplied = state.EventsApplied,
            EffectsSent = state.EffectsSent,
            TimersFired = state.TimersFired,
            ActivatedAt = state.ActivatedAt,
            LastChangedAt = state.LastChangedAt,
            QuarantineReason = state.QuarantineReason,
            Generation = state.Generation,
        };
        if (state.Timers is { Count: > 0 } timers)
        {
            worker.Timers = new TimerSet(timers.Select(t => new ScheduledTimer(t.Key, t.Value.Due, t.Value.Token)));
        }

        return worker;
    }

    public static ProcessorEntityState FromWorker(IProcessor processor, Worker worker, int partition)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(worker);
        return new ProcessorEntityState
        {
            Processor = worker.Id.Processor,
            Key = worker.Id.Key,
            Status = worker.Status,
            StateVersion = worker.StateVersion,
            State = worker.State is { } state ? WriteState(processor, state) : null,
            Timers = worker.Timers is { Count: > 0 } timers
                ? timers.ToDictionary(t => t.Key, t => new TimerEntry(t.Value.Due, t.Value.Token), StringComparer.Ordinal)
                : null,
            NextTimerToken = worker.NextTimerToken,
            Watermarks = [.. worker.Watermarks.Select(w => new WatermarkEntry(w.Partition, w.Sequence))],
            Partition = partition,
            EventsApplied = worker.EventsApplied,
            EffectsSent = worker.EffectsSent,
            TimersFired = worker.TimersFired,
            ActivatedAt = worker.ActivatedAt,
            LastChangedAt = worker.LastChangedAt,
            QuarantineReason = worker.QuarantineReason,
            Generation = worker.Generation,
        };
    }

    private static JsonElement WriteState(IProcessor processor, object state)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            processor.WriteState(writer, state);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
