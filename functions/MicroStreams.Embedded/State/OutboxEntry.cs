using MicroStreams.Effects;

namespace MicroStreams.Embedded.State;

/// <summary>An effect waiting in the outbox, with its delivery bookkeeping; <see cref="Sequence"/> is its commit order (the row id).</summary>
internal sealed record OutboxEntry(Effect Effect, int Partition, DateTimeOffset ExpiresAt, int Attempts, long Sequence)
{
    public string Destination => $"{Effect.Channel}|{Effect.Target}";
}
