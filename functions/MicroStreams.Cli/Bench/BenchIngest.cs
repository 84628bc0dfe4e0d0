using System.Runtime.CompilerServices;
using MicroStreams.Embedded;

namespace MicroStreams.Cli.Bench;

/// <summary>Feeds a corpus to a runtime from concurrent producers (shared by W2 and W5 for their pre-ingest phase).</summary>
public static class BenchIngest
{
    /// <remarks>
    /// The producers reach the corpus only through a box that is emptied when they are done. An idle pool thread can keep
    /// a reference to the last work item it ran (a producer's state machine) until it runs another one; W2 drops its
    /// corpus before measuring the drain, and without the box that stale reference kept all of it (~180 MB) alive into
    /// the drain, counted in its peak RSS.
    /// </remarks>
    public static Task IngestAsync(EmbeddedRuntime runtime, BenchCorpus corpus, int producers, CancellationToken cancellationToken) =>
        IngestAsync(runtime, new StrongBox<ReadOnlyMemory<byte>[][]?>(corpus.Batches), producers, cancellationToken);

    private static async Task IngestAsync(EmbeddedRuntime runtime, StrongBox<ReadOnlyMemory<byte>[][]?> batches, int producers, CancellationToken cancellationToken)
    {
        var next = -1;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
            {
                while (Take(batches, ref next) is { } batch)
                {
                    var result = await runtime.IngestAsync(batch, cancellationToken);
                    if (!result.Accepted)
                    {
                        throw new InvalidOperationException($"the bench corpus was rejected: {result.Rejections[0].Rejection}");
                    }
                }
            }, cancellationToken)));
        }
        finally
        {
            batches.Value = null;
        }
    }

    /// <summary>The next batch nobody has taken yet, or null; the producer keeps no reference to the whole corpus.</summary>
    private static ReadOnlyMemory<byte>[]? Take(StrongBox<ReadOnlyMemory<byte>[][]?> batches, ref int next)
    {
        var all = batches.Value;
        var index = Interlocked.Increment(ref next);
        return all is not null && index < all.Length ? all[index] : null;
    }
}
