using MicroStreams.Events;

namespace MicroStreams.Tests.TestSupport;

/// <summary>Builds events the way the log hands them to a host: serialized CloudEvents read back at a position.</summary>
internal static class Ev
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static StreamEvent Make(
        string type, string subject, DateTimeOffset time, string? data = null, long sequence = 1, int partition = 0,
        string? id = null, string? partitionKey = null)
    {
        var raw = CloudEventReader.Write(id ?? $"{type}-{subject}-{partition}-{sequence}", "test", type, subject, time, data, partitionKey);
        var read = CloudEventReader.Read(raw, new EventPosition(partition, sequence), time);
        return read.Event ?? throw new InvalidOperationException(read.Rejection!.ToString());
    }
}
