using System.Text;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// The rebuild reads in full only the records its processor subscribes to, yet fires timers up to the same horizon as the
/// live consumer: the append time of the batch's last record, subscribed or not, valid or not (docs/timers.md).
/// </summary>
public sealed class PartitionRebuildTests
{
    private static readonly DateTimeOffset Now = Ce.T0.AddDays(30);

    private static ReadOnlyMemory<byte> SignIn(DateTimeOffset time) => Ce.Make(EventTypes.UserSignin, "u1", time);

    private static ReadOnlyMemory<byte> Sale(DateTimeOffset time) => Ce.Make(EventTypes.SaleComplete, "u1", time, """{"price":3}""");

    /// <summary>A sale the event reader rejects (it has no id), though its type and time read fine.</summary>
    private static ReadOnlyMemory<byte> InvalidSale(DateTimeOffset time) =>
        Encoding.UTF8.GetBytes($$"""{"specversion":"1.0","source":"s","type":"sale_complete","subject":"u1","time":"{{time:O}}"}""");

    /// <summary>Rebuilds from records appended at the given times; the sign-in's tally timer is due a day after it.</summary>
    private static long TimersFiredAfter(params (ReadOnlyMemory<byte> Event, DateTimeOffset AppendedAt)[] records)
    {
        var tally = new ReplayTally();
        var rebuild = new PartitionRebuild(0, new TallyProcessor(), new ReplayRequest(TallyProcessor.Name), 1, 3, tally, collectEffects: false);

        rebuild.Apply([.. records.Select((r, i) => new LogRecord(0, i + 1, r.AppendedAt, r.Event))], Now);

        return tally.TimersFired;
    }

    [Fact]
    public void Apply_WhenARecordOfAnotherTypeWasAppendedAfterTheDue_FiresTheTimer() =>
        Assert.Equal(1, TimersFiredAfter((SignIn(Ce.T0), Ce.T0), (Sale(Ce.T0.AddDays(2)), Ce.T0.AddDays(2))));

    [Fact]
    public void Apply_WhenAnEventOfAnotherTypeHappenedAfterTheDueButWasAppendedBefore_FiresNothing() =>
        Assert.Equal(0, TimersFiredAfter((SignIn(Ce.T0), Ce.T0), (Sale(Ce.T0.AddDays(2)), Ce.T0)));

    [Fact]
    public void Apply_WhenTheLastRecordIsNotAValidEvent_StillFiresByItsAppendTime() =>
        Assert.Equal(1, TimersFiredAfter((SignIn(Ce.T0), Ce.T0), (InvalidSale(Ce.T0), Ce.T0.AddDays(2))));

    [Fact]
    public void Apply_WhenMostOfABatchIsSubscribed_StillFiresTheTimersDueByALaterRecordOfAnotherType() =>
        Assert.Equal(1, TimersFiredAfter([.. Enumerable.Range(0, 300).Select(i => (SignIn(Ce.T0.AddSeconds(i)), Ce.T0.AddSeconds(i))), (Sale(Ce.T0.AddDays(2)), Ce.T0.AddDays(2))]));
}
