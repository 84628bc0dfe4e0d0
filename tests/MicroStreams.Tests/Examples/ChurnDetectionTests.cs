using System.Text.Json;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Testing;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Examples;

public sealed class ChurnDetectionTests
{
    private readonly ProcessorTestDriver _driver = new(new ChurnDetection(), new ProcessorTestOptions { Start = Ev.T0 });

    [Fact]
    public void Handle_WhenUserSignsIn_SetsTheInactivityTimerSevenDaysLater()
    {
        var sent = _driver.Send(EventTypes.UserSignin, "u1", """{"email":"u1@example.com"}""");

        Assert.Equal(ApplyOutcome.Applied, sent.Outcome);
        var timer = Assert.Single(_driver.Timers("u1"));
        Assert.Equal((ChurnDetection.InactivityTimer, Ev.T0.AddDays(7)), (timer.Name, timer.Due));
        Assert.Equal(new ChurnState(Ev.T0, 1, "u1@example.com"), _driver.State<ChurnState>("u1"));
    }

    [Fact]
    public void OnTimer_WhenSevenDaysPassWithoutSignIn_SendsOneEmailAndRetires()
    {
        _driver.Send(EventTypes.UserSignin, "u1", """{"email":"u1@example.com"}""");

        _driver.AdvanceTo(Ev.T0.AddDays(7));
        _driver.AdvanceTo(Ev.T0.AddDays(30));
        var later = _driver.SendAt(Ev.T0.AddDays(31), EventTypes.UserSignin, "u1");
        _driver.AdvanceTo(Ev.T0.AddDays(60));

        var email = Assert.Single(_driver.Effects);
        Assert.Equal(("email", "u1@example.com", Ev.T0.AddDays(7)), (email.Channel, email.Target, email.CreatedAt));
        using var payload = JsonDocument.Parse(email.Payload);
        Assert.Equal("re-engagement", payload.RootElement.GetProperty("template").GetString());
        Assert.Equal(7, payload.RootElement.GetProperty("daysInactive").GetInt32());
        Assert.Equal(WorkerStatus.Retired, _driver.Worker("u1").Status);
        Assert.Empty(_driver.Timers("u1"));
        Assert.Equal(ApplyOutcome.Retired, later.Outcome);
    }

    [Fact]
    public void OnTimer_WhenOneTickBeforeSevenDays_HasNotFired()
    {
        _driver.Send(EventTypes.UserSignin, "u1");

        var fired = _driver.AdvanceTo(Ev.T0.AddDays(7).AddTicks(-1));

        Assert.Equal(0, fired);
        Assert.Empty(_driver.Effects);
    }

    [Fact]
    public void Handle_WhenUserSignsInAgainWithinSevenDays_SendsNoEmailUntilSevenDaysAfterTheLastSignIn()
    {
        _driver.Send(EventTypes.UserSignin, "u1");
        _driver.SendAt(Ev.T0.AddDays(6), EventTypes.UserSignin, "u1");

        _driver.AdvanceTo(Ev.T0.AddDays(12));
        var beforeExpiry = _driver.Effects.Count;
        _driver.AdvanceTo(Ev.T0.AddDays(13));

        Assert.Equal(0, beforeExpiry);
        Assert.Equal(Ev.T0.AddDays(13), Assert.Single(_driver.Effects).CreatedAt);
        Assert.Equal(2, _driver.Worker("u1").EventsApplied);
    }

    [Fact]
    public void OnTimer_WhenUserGaveNoEmail_AddressesTheUserKey()
    {
        _driver.Send(EventTypes.UserSignin, "u9");

        _driver.AdvanceTo(Ev.T0.AddDays(8));

        Assert.Equal("u9", Assert.Single(_driver.Effects).Target);
    }
}
