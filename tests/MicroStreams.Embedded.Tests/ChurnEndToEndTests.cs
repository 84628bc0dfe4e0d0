using System.Text.Json;
using MicroStreams.Embedded.Tests.TestSupport;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Workers;

namespace MicroStreams.Embedded.Tests;

public sealed class ChurnEndToEndTests
{
    private static TestRuntime Churn() => TestRuntime.Start([new ChurnDetection()]);

    [Fact]
    public async Task DrainAsync_WhenSevenDaysPassAfterTheLastSignIn_DeliversOneReEngagementEmail()
    {
        await using var test = Churn();
        await test.IngestAsync(
            Ce.Make(EventTypes.UserSignin, "u1", Ce.T0, """{"email":"u1@example.com"}"""),
            Ce.Make(EventTypes.UserSignin, "u2", Ce.T0));
        await test.Runtime.DrainAsync();

        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(7));
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(7));

        Assert.Equal(["u1@example.com", "u2"], test.Email.Delivered.Select(e => e.Target).Order(StringComparer.Ordinal));
        var email = test.Email.Delivered.Single(e => e.Worker.Key == "u1");
        Assert.Equal(Ce.T0.AddDays(7), email.CreatedAt);
        using var payload = JsonDocument.Parse(email.Payload);
        Assert.Equal("re-engagement", payload.RootElement.GetProperty("template").GetString());
        Assert.Equal(WorkerStatus.Retired, (await test.WorkerAsync(ChurnDetection.Name, "u1"))!.Status);
    }

    [Fact]
    public async Task DrainAsync_WhenClockIsJustShortOfSevenDays_DeliversNothing()
    {
        await using var test = Churn();
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "u1", Ce.T0));
        await test.Runtime.DrainAsync();

        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        Assert.Empty(test.Email.Attempts);
        Assert.Equal(Ce.T0.AddDays(7), test.Runtime.Partitions().Min(p => p.NextTimerDue));
    }

    [Fact]
    public async Task DrainAsync_WhenUserSignsInAgainWithinSevenDays_OnlyTheReplacedTimerFires()
    {
        await using var test = Churn();
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "u1", Ce.T0));
        await test.Runtime.DrainAsync();
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(5));
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "u1", Ce.T0.AddDays(5)));
        await test.Runtime.DrainAsync();

        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(3));
        var afterFirstDue = test.Email.Attempts.Count;
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(30));

        Assert.Equal(0, afterFirstDue);
        Assert.Equal(Ce.T0.AddDays(12), Assert.Single(test.Email.Delivered).CreatedAt);
    }

    [Fact]
    public async Task Start_WhenRestartedBeforeTheTimerIsDue_FiresItOnceAfterTheRestart()
    {
        await using var test = Churn();
        await test.IngestAsync(Ce.Make(EventTypes.UserSignin, "u1", Ce.T0));
        await test.Runtime.DrainAsync();
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(3));

        await test.RestartAsync();
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(5));
        await test.RestartAsync();
        await test.AdvanceAndDrainAsync(TimeSpan.FromDays(5));

        var email = Assert.Single(test.Email.Delivered);
        Assert.Equal(Ce.T0.AddDays(7), email.CreatedAt);
        Assert.Equal(1, (await test.WorkerAsync(ChurnDetection.Name, "u1"))!.TimersFired);
    }
}
