using MicroStreams.Embedded.Replay;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class WorkerHintsTests
{
    [Fact]
    public void Guess_ForTheHashOfAnAddedKey_GivesItsWorker_AlsoAfterTheTableGrew()
    {
        var all = new Dictionary<string, Worker>(StringComparer.Ordinal);
        var hints = new WorkerHints(expectedWorkers: 4);
        for (var i = 0; i < 5000; i++)
        {
            var key = $"u-{i:D7}";
            all[key] = new Worker(new WorkerId("p", key));
            hints.Added(all[key], all);
        }

        // Direct-mapped: a later key in the same slot wins, so most (not all) keys find their own worker.
        var found = all.Count(pair => ReferenceEquals(hints.Guess(WorkerHints.HashOf(pair.Key)), pair.Value));
        Assert.True(found > all.Count * 0.6, $"{found} of {all.Count} keys guessed right");
        Assert.All(all, pair => Assert.NotNull(hints.Guess(WorkerHints.HashOf(pair.Key))));
    }
}
