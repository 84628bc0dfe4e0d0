using System.Text;
using MicroStreams.DeadLetters;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests;

public sealed class PoisonTests
{
    private static IEnumerable<string?> Seen(WorkerView worker) =>
        worker.State!.Value.GetProperty("seen").EnumerateArray().Select(x => x.GetString());

    [Fact]
    public async Task DrainAsync_WhenARecordIsNotACloudEvent_DeadLettersItsRawBytesAndGoesOn()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        var garbage = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":");
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0));
        await test.Runtime.AppendRawAsync("u1", garbage);
        await test.IngestAsync(Ce.Probe("u1", "e2", Ce.T0));

        await test.Runtime.DrainAsync();

        var letter = Assert.Single(test.Runtime.DeadLetters(new DeadLetterQuery()));
        Assert.Equal((DeadLetterKind.Unparseable, DeadLetterStatus.Pending, 2L), (letter.Kind, letter.Status, letter.Sequence));
        Assert.Equal(garbage, letter.Raw.ToArray());
        Assert.Contains("not a valid CloudEvent", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(["e:e1", "e:e2"], Seen((await test.WorkerAsync("probe", "u1"))!));
        Assert.All(test.Runtime.Partitions(), p => Assert.Equal(0, p.Lag));
    }

    [Fact]
    public async Task DrainAsync_WhenAProcessorThrows_DeadLettersTheEventParksTheKeysLaterEventsAndLetsOtherKeysGoOn()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()], o => o.Partitions = 1);
        await test.IngestAsync(
            Ce.Probe("bad", "b1", Ce.T0),
            Ce.Probe("bad", "b2", Ce.T0, """{"do":"throw"}"""),
            Ce.Probe("good", "g1", Ce.T0),
            Ce.Probe("bad", "b3", Ce.T0),
            Ce.Probe("bad", "b4", Ce.T0),
            Ce.Probe("good", "g2", Ce.T0));

        await test.Runtime.DrainAsync();

        var letters = test.Runtime.DeadLetters(new DeadLetterQuery { Key = "bad" }).Reverse().ToArray();
        Assert.Equal(
            [(DeadLetterKind.HandlerFailed, "b2", 2L), (DeadLetterKind.Parked, "b3", 4L), (DeadLetterKind.Parked, "b4", 5L)],
            letters.Select(l => (l.Kind, l.EventId!, l.Sequence)));
        Assert.Equal(3, letters[0].Attempts);
        Assert.Contains("probe refuses b2", letters[0].Reason, StringComparison.Ordinal);
        var bad = await test.WorkerAsync("probe", "bad");
        Assert.Equal(WorkerStatus.Quarantined, bad!.Status);
        Assert.Equal(["e:b1"], Seen(bad));
        Assert.Equal(["e:g1", "e:g2"], Seen((await test.WorkerAsync("probe", "good"))!));
        Assert.Equal(6, Assert.Single(test.Runtime.Partitions()).Checkpoint);
    }

    [Fact]
    public async Task RedriveAsync_WhenTheHandlerIsFixed_AppliesTheKeysDeadLettersInOrderAndLiftsTheQuarantine()
    {
        var probe = new ProbeProcessor();
        await using var test = TestRuntime.Start([probe], o => o.Partitions = 1);
        await test.IngestAsync(
            Ce.Probe("bad", "b1", Ce.T0, """{"do":"throw"}"""),
            Ce.Probe("bad", "b2", Ce.T0),
            Ce.Probe("bad", "b3", Ce.T0));
        await test.Runtime.DrainAsync();
        probe.Healed = true;

        var redriven = await test.Runtime.RedriveAsync(new WorkerId("probe", "bad"));
        await test.IngestAsync(Ce.Probe("bad", "b4", Ce.T0));
        await test.Runtime.DrainAsync();

        Assert.Equal(3, redriven);
        var worker = await test.WorkerAsync("probe", "bad");
        Assert.Equal(WorkerStatus.Active, worker!.Status);
        Assert.Equal(["e:b1", "e:b2", "e:b3", "e:b4"], Seen(worker));
        Assert.All(test.Runtime.DeadLetters(new DeadLetterQuery()), l => Assert.Equal(DeadLetterStatus.Redriven, l.Status));
    }

    [Fact]
    public async Task RedriveAsync_WhenMoreEventsOfTheKeyAreWaitingInTheLog_KeepsTheKeysOrder()
    {
        var probe = new ProbeProcessor();
        await using var test = TestRuntime.Start([probe], o => o.Partitions = 1);
        await test.IngestAsync(Ce.Probe("bad", "b1", Ce.T0, """{"do":"throw"}"""), Ce.Probe("bad", "b2", Ce.T0));
        await test.Runtime.DrainAsync();
        probe.Healed = true;
        await test.IngestAsync(Ce.Probe("bad", "b3", Ce.T0));

        await test.Runtime.RedriveAsync(new WorkerId("probe", "bad"));
        await test.IngestAsync(Ce.Probe("bad", "b4", Ce.T0));
        await test.Runtime.DrainAsync();
        await test.Runtime.RedriveAsync(new WorkerId("probe", "bad"));
        await test.Runtime.DrainAsync();

        var worker = await test.WorkerAsync("probe", "bad");
        Assert.Equal(["e:b1", "e:b2", "e:b3", "e:b4"], Seen(worker!));
        Assert.Empty(test.Runtime.DeadLetters(new DeadLetterQuery { Status = DeadLetterStatus.Pending }));
    }

    [Fact]
    public async Task RedriveAsync_WhenTheHandlerStillThrows_QuarantinesAgainAndKeepsEverythingPendingInOrder()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()], o => o.Partitions = 1);
        await test.IngestAsync(Ce.Probe("bad", "b1", Ce.T0, """{"do":"throw"}"""), Ce.Probe("bad", "b2", Ce.T0));
        await test.Runtime.DrainAsync();

        await test.Runtime.RedriveAsync(new WorkerId("probe", "bad"));

        var pending = test.Runtime.DeadLetters(new DeadLetterQuery { Status = DeadLetterStatus.Pending }).Reverse();
        Assert.Equal([(DeadLetterKind.HandlerFailed, "b1"), (DeadLetterKind.Parked, "b2")], pending.Select(l => (l.Kind, l.EventId!)));
        Assert.Equal(WorkerStatus.Quarantined, (await test.WorkerAsync("probe", "bad"))!.Status);
    }

    [Fact]
    public async Task DiscardDeadLetter_WhenPending_MarksItDiscardedOnce()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.Runtime.AppendRawAsync("u1", "nope"u8.ToArray());
        await test.Runtime.DrainAsync();
        var letter = Assert.Single(test.Runtime.DeadLetters(new DeadLetterQuery()));

        var first = test.Runtime.DiscardDeadLetter(letter.Id);
        var second = test.Runtime.DiscardDeadLetter(letter.Id);

        Assert.Equal((true, false), (first, second));
        Assert.Equal(DeadLetterStatus.Discarded, Assert.Single(test.Runtime.DeadLetters(new DeadLetterQuery())).Status);
    }
}
