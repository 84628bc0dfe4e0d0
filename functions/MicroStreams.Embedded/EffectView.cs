namespace MicroStreams.Embedded;

/// <summary>One effect of a worker as the outbox holds it: what was decided and how far delivery got.</summary>
public sealed record EffectView(
    string Id,
    string Channel,
    string Target,
    string Payload,
    DateTimeOffset CreatedAt,
    EffectStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset? DeliveredAt);
