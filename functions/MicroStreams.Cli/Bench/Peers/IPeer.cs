using MicroStreams.Embedded;

namespace MicroStreams.Cli.Bench.Peers;

/// <summary>
/// A stack a team would build instead of MicroStreams (Redis Streams, PostgreSQL as log and state), driven by the bench
/// on the same corpus with the same processors: producers append to its log, a consumer per partition applies batches
/// through <see cref="PeerStep"/> and commits state, timers, outbox and checkpoint in the peer's own way.
/// </summary>
public interface IPeer : IAsyncDisposable
{
    /// <summary>The target name in result lines (<c>redis-streams</c>, <c>postgres</c>).</summary>
    string Name { get; }

    /// <summary>How this peer maps a MicroStreams durability (e.g. <c>AOF always</c>, <c>synchronous_commit=on</c>).</summary>
    string DurabilityOf(Durability durability);

    /// <summary>Empties the peer's log, state and outbox and sets its durability for the next run.</summary>
    Task ResetAsync(Durability durability, CancellationToken cancellationToken);

    /// <summary>Appends the corpus from <paramref name="producers"/> concurrent producers, batch by batch.</summary>
    Task IngestAsync(PeerCorpus corpus, int producers, CancellationToken cancellationToken);

    /// <summary>Consumes every partition until its log is empty (one consumer per partition); returns the events applied.</summary>
    Task<long> DrainAsync(CancellationToken cancellationToken);

    /// <summary>Fires every timer due at <paramref name="now"/> through the same applier, committing like a batch.</summary>
    Task FireDueTimersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every effect in the peer's outbox.</summary>
    Task<IReadOnlyList<EffectRecord>> EffectsAsync(CancellationToken cancellationToken);

    /// <summary>The server's CPU time so far and its memory now (for the result line); null where it cannot be read.</summary>
    ServerUsage? ServerUsage();
}
