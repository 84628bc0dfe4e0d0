using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;

namespace MicroStreams.Embedded.Tests;

public sealed class BatchSliceTests
{
    [Fact]
    public async Task DrainAsync_WhenABatchIsReadInSmallSlices_CommitsTheSameStateEffectsAndCheckpointsAsOneRead()
    {
        var events = Corpus();
        await using var whole = TestRuntime.Start([new ChurnDetection(), new SalesMilestone()], o => o.MaxBatchEvents = 1_000);
        await using var sliced = TestRuntime.Start([new ChurnDetection(), new SalesMilestone()], o => (o.MaxBatchEvents, o.ReadSliceEvents) = (1_000, 7));

        foreach (var test in new[] { whole, sliced })
        {
            await test.IngestAsync(events);
            await test.Runtime.DrainAsync();
            await test.AdvanceAndDrainAsync(TimeSpan.FromDays(8));
        }

        Assert.Equal(Checkpoints(whole), Checkpoints(sliced));
        Assert.Equal(Emails(whole), Emails(sliced));
        Assert.NotEmpty(Emails(whole));
        foreach (var user in Enumerable.Range(0, 40).Select(i => $"u{i}"))
        {
            Assert.Equal(await StateAsync(whole, user), await StateAsync(sliced, user));
        }
    }

    /// <summary>Sign-ups, sign-ins and sales of 40 users, 400 events, in an order that spreads each user over several slices.</summary>
    private static ReadOnlyMemory<byte>[] Corpus() =>
    [
        .. Enumerable.Range(0, 40).Select(i => Ce.Make(EventTypes.UserCreated, $"u{i}", Ce.T0)),
        .. Enumerable.Range(0, 360).Select(i => i % 3 == 0
            ? Ce.Make(EventTypes.SaleComplete, $"u{i % 40}", Ce.T0.AddMinutes(i), """{"price":9.5}""")
            : Ce.Make(EventTypes.UserSignin, $"u{i % 40}", Ce.T0.AddMinutes(i))),
    ];

    private static long[] Checkpoints(TestRuntime test) => [.. test.Runtime.Partitions().Select(p => p.Checkpoint)];

    private static string[] Emails(TestRuntime test) => [.. test.Email.Delivered.Select(e => $"{e.Id} {e.Payload}").Order(StringComparer.Ordinal)];

    private static async Task<string> StateAsync(TestRuntime test, string user)
    {
        var churn = await test.WorkerAsync(ChurnDetection.Name, user);
        var milestone = await test.WorkerAsync(SalesMilestone.Name, user);
        return $"{churn?.Status} {churn?.State} {churn?.EventsApplied} | {milestone?.Status} {milestone?.State} {milestone?.EventsApplied}";
    }
}
