using MicroStreams.Effects;

namespace MicroStreams.Embedded.State;

/// <summary>An effect waiting in the outbox, with its delivery bookkeeping.</summary>
internal sealed record OutboxEntry(Effect Effect, int Partition, DateTimeOffset ExpiresAt, int Attempts)
{
    public string Destination => $"{Effect.Channel}|{Effect.Target}";
}
