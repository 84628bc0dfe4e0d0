using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MicroStreams.Processors;
using MicroStreams.Workers;

namespace MicroStreams.Replay;

/// <summary>
/// A worker as its processor's author reads it in a shadow's differences: status, the state as the processor writes
/// it, timers by name with ISO due times, and the counters. Host bookkeeping (timer tokens, log watermarks, the
/// generation) is left out: two workers that read the same here behave the same.
/// </summary>
public static class ReadableWorker
{
    public static JsonElement Of(Worker worker, IProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(processor);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = StateJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("status", JsonNamingPolicy.CamelCase.ConvertName(worker.Status.ToString()));
            writer.WritePropertyName("state");
            if (worker.State is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                processor.WriteState(writer, worker.State);
            }

            writer.WriteStartArray("timers");
            foreach (var timer in (worker.Timers?.Values ?? []).OrderBy(t => t.Due).ThenBy(t => t.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name", timer.Name);
                writer.WriteString("due", Iso(timer.Due));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("eventsApplied", worker.EventsApplied);
            writer.WriteNumber("effectsSent", worker.EffectsSent);
            writer.WriteNumber("timersFired", worker.TimersFired);
            writer.WriteString("activatedAt", Iso(worker.ActivatedAt));
            writer.WriteString("lastChangedAt", Iso(worker.LastChangedAt));
            if (worker.QuarantineReason is { } reason)
            {
                writer.WriteString("quarantineReason", reason);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>An effect's payload as JSON (it always is; text that is not stays a string rather than failing the report).</summary>
    public static JsonElement Payload(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(payload);
        }
    }

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
