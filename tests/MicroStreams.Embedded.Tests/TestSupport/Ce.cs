using MicroStreams.Events;

namespace MicroStreams.Embedded.Tests.TestSupport;

/// <summary>Serialized CloudEvents for ingest.</summary>
internal static class Ce
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static ReadOnlyMemory<byte> Make(string type, string subject, DateTimeOffset time, string? data = null, string? id = null) =>
        CloudEventReader.Write(id ?? Guid.NewGuid().ToString("N"), "test", type, subject, time, data);

    public static ReadOnlyMemory<byte> Probe(string subject, string id, DateTimeOffset time, string? data = null) =>
        Make("probe", subject, time, data, id);
}
