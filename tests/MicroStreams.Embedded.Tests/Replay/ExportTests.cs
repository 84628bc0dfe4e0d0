using MicroStreams.Archive;
using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Events;
using MicroStreams.Examples.Churn;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

public sealed class ExportTests
{
    [Fact]
    public async Task ExportAsync_ThenReplayFromTheArchiveAfterTheLogIsGone_RebuildsTheSameState()
    {
        await using var test = TestRuntime.Start([new ChurnDetection(), new TallyProcessor()]);
        await History.FeedAsync(test, History.Days(10, 20));
        await test.Runtime.AppendRawAsync("u001", "not json"u8.ToArray());
        await test.Runtime.DrainAsync();
        var live = await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name);
        var archive = Path.Combine(test.DataPath, "archive");

        var summary = await test.Runtime.ExportAsync(archive);
        var lines = ArchiveReader.Partitions(archive).SelectMany(p => ArchiveReader.Read(archive, p)).ToList();
        for (var p = 0; p < test.Runtime.Log.Partitions; p++)
        {
            test.Runtime.Log.DeleteConsumed(p, long.MaxValue, DateTimeOffset.MaxValue);
        }

        var start = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name) { ArchivePath = archive });
        var started = start.View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        Assert.Null(start.Refusal);
        Assert.Equal(test.Runtime.PartitionLags().Sum(p => p.Head), summary.Records);
        Assert.Equal(summary.Records - 1, lines.Count);
        Assert.All(lines, l => Assert.True(CloudEventReader.Read(l.Body, new EventPosition(l.Partition, l.Sequence), l.EnqueuedTime).IsValid));
        Assert.All(Directory.EnumerateFiles(archive, "*", SearchOption.AllDirectories), f => Assert.Matches(@"partition=\d+[/\\]date=\d{4}-\d{2}-\d{2}[/\\]hour=\d{2}[/\\]\d{20}\.ndjson\.gz$", f));
        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.Equal(live, await test.Runtime.EncodedWorkersAsync(TallyProcessor.Name));
    }

    [Fact]
    public async Task ReplayFromTheArchive_HandsProcessorsTheEventsExactlyAsAppended_WithoutTheArchivePositionAttributes()
    {
        await using var test = TestRuntime.Start([new LastRawProcessor()]);
        await History.FeedAsync(test, History.Days(3, 8));
        await test.Runtime.DrainAsync();
        var live = await test.Runtime.EncodedWorkersAsync(LastRawProcessor.Name);
        var archive = Path.Combine(test.DataPath, "archive");
        await test.Runtime.ExportAsync(archive);
        for (var p = 0; p < test.Runtime.Log.Partitions; p++)
        {
            test.Runtime.Log.DeleteConsumed(p, long.MaxValue, DateTimeOffset.MaxValue);
        }

        var started = test.Runtime.StartReplay(new ReplayRequest(LastRawProcessor.Name) { ArchivePath = archive }).View;
        var done = await test.Runtime.WaitForReplayAsync(started!.Id);

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.NotEmpty(live);
        Assert.Equal(live, await test.Runtime.EncodedWorkersAsync(LastRawProcessor.Name));
    }
}
