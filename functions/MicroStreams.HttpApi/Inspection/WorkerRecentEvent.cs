using System.Text.Json;

namespace MicroStreams.Http.Inspection;

/// <summary>An event a worker applied, with the stored event shown as JSON (or base64).</summary>
public sealed record WorkerRecentEvent(int Partition, long Sequence, string Id, string Source, string Type, DateTimeOffset Time, DateTimeOffset AppendedAt, JsonElement Event);
