using MicroStreams.Embedded.Dashboard;

namespace MicroStreams.Http.Dashboard.Answers;

/// <summary>One effect of the outbox for the effects view; the payload is JSON when it parses as JSON.</summary>
internal sealed record EffectItem(
    string Id, string Processor, string Key, int Partition, string Channel, string Target, EffectState State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset ExpiresAt, DateTimeOffset? DeliveredAt, string? LastError, object? Payload)
{
    public static EffectItem Of(OutboxEffect e) => new(
        e.Id, e.Processor, e.Key, e.Partition, e.Channel, e.Target, e.State, e.Attempts, e.CreatedAt, e.NextAttemptAt, e.ExpiresAt,
        e.DeliveredAt, e.LastError, Inspection.Json.Show(e.Payload));
}
