using System.Text;
using MicroStreams.Events;
using MicroStreams.Functions.Events;
using MicroStreams.Functions.Routing;

namespace MicroStreams.Functions.Tests.Fakes;

/// <summary>Builders for CloudEvents and log records.</summary>
public static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static string Json(string type, string subject, string? dataJson = null, string? id = null) =>
        Encoding.UTF8.GetString(CloudEventReader.Write(id ?? $"{type}-{subject}-{Guid.NewGuid():N}", "test", type, subject, T0, dataJson));

    public static LogRecord Record(int partition, long sequence, string body, DateTimeOffset? enqueued = null) =>
        new(partition, sequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), enqueued ?? T0.AddSeconds(sequence), null, Encoding.UTF8.GetBytes(body), new Dictionary<string, object>());

    public static LogEvent Log(int partition, long sequence, string type, string subject, string? dataJson = null) =>
        new(partition, sequence, T0.AddSeconds(sequence), Json(type, subject, dataJson, id: $"e{partition}-{sequence}"));
}
