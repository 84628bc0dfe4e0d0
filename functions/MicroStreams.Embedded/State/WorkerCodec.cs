using System.Buffers;
using System.Text.Json;
using MicroStreams.Processors;
using MicroStreams.Timers;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.State;

/// <summary>
/// Writes and reads a worker record as compact JSON with the processor's state embedded as written by the processor,
/// so stored state is byte-for-byte what the processor serializes (the determinism check compares these bytes).
/// </summary>
internal static class WorkerCodec
{
    public static void Write(Utf8JsonWriter writer, Worker worker, IProcessor processor)
    {
        writer.WriteStartObject();
        writer.WriteString("p", worker.Id.Processor);
        writer.WriteString("k", worker.Id.Key);
        writer.WriteNumber("s", (int)worker.Status);
        writer.WriteNumber("v", worker.StateVersion);
        writer.WriteNumber("g", worker.Generation);
        if (worker.State is not null)
        {
            writer.WritePropertyName("st");
            processor.WriteState(writer, worker.State);
        }

        if (worker.Timers is { Count: > 0 } timers)
        {
            writer.WriteStartArray("t");
            if (timers.Count == 1)
            {
                // The usual case, written without sorting: the sort allocated ~420 bytes per worker, and every commit
                // encodes every worker it changed.
                WriteTimer(writer, timers.Earliest());
            }
            else
            {
                foreach (var timer in timers.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
                {
                    WriteTimer(writer, timer);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteNumber("nt", worker.NextTimerToken);
        writer.WriteStartArray("w");
        foreach (var mark in worker.Watermarks)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(mark.Partition);
            writer.WriteNumberValue(mark.Sequence);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteNumber("ea", worker.EventsApplied);
        writer.WriteNumber("es", worker.EffectsSent);
        writer.WriteNumber("tf", worker.TimersFired);
        writer.WriteNumber("at", worker.ActivatedAt.UtcTicks);
        writer.WriteNumber("lc", worker.LastChangedAt.UtcTicks);
        if (worker.QuarantineReason is not null)
        {
            writer.WriteString("q", worker.QuarantineReason);
        }

        writer.WriteEndObject();
    }

    private static void WriteTimer(Utf8JsonWriter writer, ScheduledTimer timer)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(timer.Name);
        writer.WriteNumberValue(timer.Due.UtcTicks);
        writer.WriteNumberValue(timer.Token);
        writer.WriteEndArray();
    }

    public static byte[] Encode(Worker worker, IProcessor processor)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, worker, processor);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits a changelog row (newline-delimited worker records) into its records.</summary>
    public static IEnumerable<byte[]> SplitRecords(byte[] changelog)
    {
        var start = 0;
        while (start < changelog.Length)
        {
            var end = Array.IndexOf(changelog, (byte)'\n', start);
            if (end < 0)
            {
                end = changelog.Length;
            }

            if (end > start)
            {
                yield return changelog[start..end];
            }

            start = end + 1;
        }
    }

    /// <summary>Reads only the identity of a record, to find its processor before decoding the rest.</summary>
    public static WorkerId ReadId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? processor = null, key = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (processor is null || key is null))
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "p": processor = reader.GetString(); break;
                case "k": key = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return new WorkerId(processor ?? throw new InvalidDataException("worker record has no processor"), key ?? throw new InvalidDataException("worker record has no key"));
    }

    public static Worker Read(ReadOnlySpan<byte> json, IProcessor processor)
    {
        var id = ReadId(json);
        var worker = new Worker(id);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var stateStart = -1;
        var stateEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "s": worker.Status = (WorkerStatus)reader.GetInt32(); break;
                case "v": worker.StateVersion = reader.GetInt32(); break;
                case "g": worker.Generation = reader.GetInt64(); break;
                case "st":
                    stateStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    stateEnd = (int)reader.BytesConsumed;
                    break;
                case "t": worker.Timers = ReadTimers(ref reader); break;
                case "nt": worker.NextTimerToken = reader.GetInt64(); break;
                case "w": worker.Watermarks = ReadWatermarks(ref reader); break;
                case "ea": worker.EventsApplied = reader.GetInt64(); break;
                case "es": worker.EffectsSent = reader.GetInt64(); break;
                case "tf": worker.TimersFired = reader.GetInt64(); break;
                case "at": worker.ActivatedAt = new DateTimeOffset(reader.GetInt64(), TimeSpan.Zero); break;
                case "lc": worker.LastChangedAt = new DateTimeOffset(reader.GetInt64(), TimeSpan.Zero); break;
                case "q": worker.QuarantineReason = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        if (stateStart >= 0)
        {
            worker.State = processor.ReadState(json[stateStart..stateEnd], worker.StateVersion);
            worker.StateVersion = processor.Spec.Version;
        }

        return worker;
    }

    private static TimerSet ReadTimers(ref Utf8JsonReader reader)
    {
        var timers = new TimerSet();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var name = reader.GetString()!;
            reader.Read();
            var due = new DateTimeOffset(reader.GetInt64(), TimeSpan.Zero);
            reader.Read();
            var token = reader.GetInt64();
            reader.Read();
            timers[name] = new ScheduledTimer(name, due, token);
        }

        return timers;
    }

    private static PartitionWatermark[] ReadWatermarks(ref Utf8JsonReader reader)
    {
        var marks = new List<PartitionWatermark>(1);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var partition = reader.GetInt32();
            reader.Read();
            var sequence = reader.GetInt64();
            reader.Read();
            marks.Add(new PartitionWatermark(partition, sequence));
        }

        return [.. marks];
    }
}
