using MicroStreams.Embedded;

namespace MicroStreams.Cli.Bench;

/// <summary>Feeds a corpus to a runtime from concurrent producers (shared by W2 and W5 for their pre-ingest phase).</summary>
public static class BenchIngest
{
    public static async Task IngestAsync(EmbeddedRuntime runtime, BenchCorpus corpus, int producers, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < corpus.Batches.Length)
            {
                var result = await runtime.IngestAsync(corpus.Batches[index], cancellationToken);
                if (!result.Accepted)
                {
                    throw new InvalidOperationException($"the bench corpus was rejected: {result.Rejections[0].Rejection}");
                }
            }
        }, cancellationToken)));
    }
}
