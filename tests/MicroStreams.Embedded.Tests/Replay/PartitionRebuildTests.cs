using System.Text;
using MicroStreams.Embedded.Log;
using MicroStreams.Embedded.Replay;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Replay;

namespace MicroStreams.Embedded.Tests.Replay;

/// <summary>
/// The rebuild reads in full only the records its processor subscribes to, yet fires timers up to the same batch
/// watermark as the live consumer: the latest time of every valid event in the batch, subscribed or not.
/// </summary>
public sealed class PartitionRebuildTests
{
    private static readonly DateTimeOffset Now = Ce.T0.AddDays(30);

    private static LogRecord Record(long sequence, ReadOnlyMemory<byte> bytes) => new(0, sequence, Ce.T0, bytes);

    private static ReadOnlyMemory<byte> SignIn(DateTimeOffset time) => Ce.Make(EventTypes.UserSignin, "u1", time);

    private static ReadOnlyMemory<byte> Sale(DateTimeOffset time) => Ce.Make(EventTypes.SaleComplete, "u1", time, """{"price":3}""");

    /// <summary>A sale the event reader rejects (it has no id), though its type and time read fine.</summary>
    private static ReadOnlyMemory<byte> InvalidSale(DateTimeOffset time) =>
        Encoding.UTF8.GetBytes($$"""{"specversion":"1.0","source":"s","type":"sale_complete","subject":"u1","time":"{{time:O}}"}""");

    private static long TimersFiredAfter(params ReadOnlyMemory<byte>[] events)
    {
        var tally = new ReplayTally();
        var rebuild = new PartitionRebuild(0, new TallyProcessor(), new ReplayRequest(TallyProcessor.Name), 1, 3, tally, collectEffects: false);

        rebuild.Apply([.. events.Select((e, i) => Record(i + 1, e))], Now);

        return tally.TimersFired;
    }

    [Fact]
    public void Apply_WhenALaterEventOfAnotherTypeIsValid_FiresTheTimersDueByItsTime() =>
        Assert.Equal(1, TimersFiredAfter(SignIn(Ce.T0), Sale(Ce.T0.AddDays(2))));

    [Fact]
    public void Apply_WhenTheLaterEventOfAnotherTypeIsNotAValidEvent_DoesNotMoveTheWatermark() =>
        Assert.Equal(0, TimersFiredAfter(SignIn(Ce.T0), InvalidSale(Ce.T0.AddDays(2))));

    [Fact]
    public void Apply_WhenTheLatestSkippedEventIsInvalid_StillCountsAnEarlierValidOne() =>
        Assert.Equal(1, TimersFiredAfter(SignIn(Ce.T0), Sale(Ce.T0.AddDays(2)), InvalidSale(Ce.T0.AddDays(3))));

    [Fact]
    public void Apply_WhenMostOfABatchIsSubscribed_StillFiresTheTimersDueByALaterEventOfAnotherType() =>
        Assert.Equal(1, TimersFiredAfter([.. Enumerable.Range(0, 300).Select(i => SignIn(Ce.T0.AddSeconds(i))), Sale(Ce.T0.AddDays(2))]));
}
