using System.Text.Json;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Processors;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests;

public sealed class RecoveryTests
{
    private static readonly string[] Users = ["u1", "u2", "u3", "u4", "u5"];

    private static IReadOnlyList<IProcessor> Processors() => [new ChurnDetection(), new SalesMilestone(), new ProbeProcessor()];

    private static ReadOnlyMemory<byte>[] Round(int round) =>
    [
        .. Users.SelectMany((u, i) => new[]
        {
            Ce.Make(round == 0 ? EventTypes.UserCreated : EventTypes.UserSignin, u, Ce.T0.AddHours(round), id: $"{round}-{u}-a"),
            Ce.Make(EventTypes.SaleComplete, u, Ce.T0.AddHours(round).AddMinutes(1), $$"""{"price":{{(i * 7) + 5}}}""", $"{round}-{u}-b"),
            Ce.Probe(u, $"{round}-{u}-c", Ce.T0.AddHours(round).AddMinutes(2), $$"""{"do":"set","timer":"t{{round % 2}}","minutes":{{30 + i}}}"""),
        }),
    ];

    private static async Task<string> SnapshotAsync(EmbeddedRuntime runtime)
    {
        var views = new List<WorkerView?>();
        foreach (var processor in new[] { ChurnDetection.Name, SalesMilestone.Name, "probe" })
        {
            foreach (var user in Users)
            {
                views.Add(await runtime.GetWorkerAsync(new WorkerId(processor, user)));
            }
        }

        return JsonSerializer.Serialize(views);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(200_000)]
    public async Task Start_WhenReopenedBetweenEveryStep_EndsWithTheSameWorkersAsARuntimeNeverRestarted(int compactAfterChanges)
    {
        await using var restarted = TestRuntime.Start(Processors(), o => o.CompactAfterChanges = compactAfterChanges);
        await using var steady = TestRuntime.Start(Processors());

        for (var round = 0; round < 6; round++)
        {
            foreach (var test in new[] { restarted, steady })
            {
                await test.IngestAsync(Round(round));
                await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(40));
            }

            await restarted.RestartAsync();
        }

        await restarted.AdvanceAndDrainAsync(TimeSpan.FromDays(8));
        await steady.AdvanceAndDrainAsync(TimeSpan.FromDays(8));

        var expected = await SnapshotAsync(steady.Runtime);
        Assert.Equal(expected, await SnapshotAsync(restarted.Runtime));
        Assert.Contains("\"Status\":1", expected, StringComparison.Ordinal);
        Assert.Equal(steady.Email.Delivered.Select(e => e.Id).Order(), restarted.Email.Delivered.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task Start_WhenThePreviousRuntimeNeverShutDown_RecoversItsWorkersFromTheChangelog()
    {
        await using var test = TestRuntime.Start(Processors());
        await test.IngestAsync(Round(0));
        await test.IngestAsync(Round(1));
        await test.AdvanceAndDrainAsync(TimeSpan.FromHours(2));
        var before = await SnapshotAsync(test.Runtime);

        // A second runtime on the same folder while the first is still open: nothing was compacted at shutdown,
        // so it can only have read the changelog.
        var abandoned = EmbeddedRuntime.Start(test.Options(), Processors(), [], test.Clock);
        string after;
        try
        {
            after = await SnapshotAsync(abandoned);
        }
        finally
        {
            await abandoned.DisposeAsync();
        }

        Assert.Equal(before, after);
        Assert.Contains("\"EventsApplied\":2", before, StringComparison.Ordinal);
    }
}
