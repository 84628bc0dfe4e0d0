using System.Text.Json;

namespace MicroStreams.Http.Inspection;

/// <summary>An effect a worker decided and how far its delivery got (<paramref name="Status"/>: pending, delivered, undeliverable).</summary>
public sealed record WorkerEffectView(
    string Id, string Channel, string Target, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? LastError, JsonElement Payload);
