namespace MicroStreams.Embedded.Dashboard;

/// <summary>One effect of any worker as the outbox holds it, with <see cref="Cursor"/> to page on.</summary>
public sealed record OutboxEffect(
    long Cursor,
    string Id,
    string Processor,
    string Key,
    int Partition,
    string Channel,
    string Target,
    EffectState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    string Payload);
