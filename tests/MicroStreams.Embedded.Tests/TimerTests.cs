using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Embedded.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task DrainAsync_WhenTimerWasCancelled_NeverFiresItEvenAfterARestart()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0, """{"do":"set","minutes":10}"""));
        await test.Runtime.DrainAsync();
        await test.IngestAsync(Ce.Probe("u1", "e2", Ce.T0, """{"do":"cancel"}"""));
        await test.Runtime.DrainAsync();

        await test.RestartAsync();
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(1));

        var worker = await test.WorkerAsync("probe", "u1");
        Assert.Equal(0, worker!.TimersFired);
        Assert.Empty(worker.Timers);
        Assert.Empty(test.Test.Attempts);
    }

    [Fact]
    public async Task DrainAsync_WhenTimerWasReplacedBeforeARestart_FiresOnlyTheReplacement()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0, """{"do":"set","minutes":10}"""));
        await test.Runtime.DrainAsync();
        await test.IngestAsync(Ce.Probe("u1", "e2", Ce.T0, """{"do":"set","minutes":30}"""));
        await test.Runtime.DrainAsync();

        await test.RestartAsync();
        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(20));
        var early = test.Test.Attempts.Count;
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(1));

        Assert.Equal(0, early);
        var worker = await test.WorkerAsync("probe", "u1");
        Assert.Equal(["e:e1", "e:e2", $"t:a@{Ce.T0.AddMinutes(30):O}"], worker!.State!.Value.GetProperty("seen").EnumerateArray().Select(x => x.GetString()));
        Assert.Single(test.Test.Delivered);
    }

    [Fact]
    public async Task DrainAsync_WhenAnEventIsAppendedAfterItsWorkersTimerWasDue_FiresTheTimerFirst()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.IngestAsync(Ce.Probe("u1", "e1", Ce.T0, """{"do":"set","minutes":10}"""));
        test.Clock.Advance(TimeSpan.FromMinutes(11));
        await test.IngestAsync(Ce.Probe("u1", "e2", Ce.T0.AddMinutes(11)));

        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(9));

        var worker = await test.WorkerAsync("probe", "u1");
        Assert.Equal(["e:e1", $"t:a@{Ce.T0.AddMinutes(10):O}", "e:e2"], worker!.State!.Value.GetProperty("seen").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task DrainAsync_WhenAnEventStampedAfterTheDueWasAppendedBeforeIt_AppliesTheEventFirst()
    {
        await using var test = TestRuntime.Start([new ProbeProcessor()]);
        await test.IngestAsync(
            Ce.Probe("u1", "e1", Ce.T0, """{"do":"set","minutes":10}"""),
            Ce.Probe("u1", "e2", Ce.T0.AddMinutes(11)));

        await test.AdvanceAndDrainAsync(TimeSpan.FromMinutes(20));

        // Both were appended at t0, before the due time: the log's order, not the events' own times, orders the timer.
        var worker = await test.WorkerAsync("probe", "u1");
        Assert.Equal(["e:e1", "e:e2", $"t:a@{Ce.T0.AddMinutes(10):O}"], worker!.State!.Value.GetProperty("seen").EnumerateArray().Select(x => x.GetString()));
    }
}
