using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Processors;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// A switch writes the new generation into the partitions' changelogs, replacing their rows: every processor's records
/// must load back the same after a clean stop (which compacts first) and from the files as a crash leaves them.
/// </summary>
public sealed class SwitchDurabilityTests
{
    private static readonly string[] Names = [ChurnDetection.Name, SalesMilestone.Name, TallyProcessor.Name];

    private static IProcessor[] Processors() => [new ChurnDetection(), new SalesMilestone(), new TallyProcessor()];

    [Theory]
    [InlineData(false, 200_000)]
    [InlineData(true, 200_000)]
    [InlineData(false, 40)]
    [InlineData(true, 40)]
    public async Task StartReplay_OfOneProcessor_LeavesEveryProcessorsRecordsAfterAStopOrACrash(bool crash, int compactAfterChanges)
    {
        await using var test = TestRuntime.Start(Processors(), o => o.CompactAfterChanges = compactAfterChanges);
        await History.FeedAsync(test, History.Days(12, 30, seed: 7));
        var start = test.Runtime.StartReplay(new ReplayRequest(TallyProcessor.Name));
        var started = start.View ?? throw new InvalidOperationException(start.Refusal!.Message);
        var done = await test.Runtime.WaitForReplayAsync(started.Id);
        // Changes after the switch: appended to the new changelog (and, at 40, compacted with it).
        await History.FeedAsync(test, History.Days(4, 30, seed: 8, firstDay: 12));
        var live = await RecordsAsync(test.Runtime);

        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> loaded;
        if (crash)
        {
            var (image, copy) = CrashImage(test);
            try
            {
                loaded = await RecordsAsync(image);
            }
            finally
            {
                await image.DisposeAsync();
                Directory.Delete(copy, recursive: true);
            }
        }
        else
        {
            await test.RestartAsync();
            loaded = await RecordsAsync(test.Runtime);
        }

        Assert.Equal(ReplayStatus.Completed, done!.Status);
        Assert.All(Names, name => Assert.NotEmpty(live[name]));
        Assert.All(live[TallyProcessor.Name].Values, record => Assert.Contains("\"g\":1", record, StringComparison.Ordinal));
        Assert.Equal(live, loaded);
    }

    private static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> RecordsAsync(EmbeddedRuntime runtime)
    {
        var records = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var name in Names)
        {
            records[name] = await runtime.EncodedWorkersAsync(name, withGeneration: true);
        }

        return records;
    }

    /// <summary>A runtime opened on a copy of the data files as they are now (idle, every commit in the WAL): what a kill leaves, without the stop's compaction.</summary>
    private static (EmbeddedRuntime Runtime, string Path) CrashImage(TestRuntime test)
    {
        var copy = Path.Combine(Path.GetTempPath(), "microstreams-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(test.DataPath).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var options = test.Options();
        options.DataPath = copy;
        return (EmbeddedRuntime.Start(options, Processors(), [new RecordingSink("email", test.Clock), new RecordingSink("webhook", test.Clock), new RecordingSink("test", test.Clock)], test.Clock), copy);
    }
}
