using System.Runtime.ExceptionServices;
using MicroStreams.Embedded.State;

namespace MicroStreams.Embedded.Tests.State;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Commit_WhenBatchesArriveWhileOneIsWritten_WritesThemTogetherAndThrowsOnlyTheFailedOnesFailure()
    {
        var groups = new List<int[]>();
        using var firstWriting = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var group = new GroupCommit(members =>
        {
            lock (groups)
            {
                groups.Add([.. members.Select(m => m.Commit.Partition)]);
            }

            if (members.Any(m => m.Commit.Partition == 0))
            {
                firstWriting.Set();
                release.Wait();
            }

            foreach (var member in members.Where(m => m.Commit.Partition == 2))
            {
                member.Failure = ExceptionDispatchInfo.Capture(new InvalidOperationException("partition 2 failed"));
            }
        });

        var first = Task.Run(() => group.Commit(new PartitionCommit(0), DateTimeOffset.UnixEpoch));
        firstWriting.Wait();
        var second = Task.Run(() => group.Commit(new PartitionCommit(1), DateTimeOffset.UnixEpoch));
        var third = Task.Run(() => group.Commit(new PartitionCommit(2), DateTimeOffset.UnixEpoch));
        while (group.Waiting < 2)
        {
            await Task.Delay(5);
        }

        release.Set();
        await first;
        await second;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => third);

        Assert.Equal("partition 2 failed", failure.Message);
        Assert.Equal([[0], [1, 2]], groups.Select(g => g.Order().ToArray()));
    }
}
