using System.Text.Json;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Examples;

public sealed class ChurnDetectionTests
{
    private readonly WorkerHarness _harness = new(new ChurnDetection());

    [Fact]
    public void Handle_WhenUserSignsIn_SetsTheInactivityTimerSevenDaysLater()
    {
        var outcome = _harness.Apply(EventTypes.UserSignin, "u1", Ev.T0, """{"email":"u1@example.com"}""");

        Assert.Equal(ApplyOutcome.Applied, outcome);
        Assert.Equal(Ev.T0.AddDays(7), _harness["u1"].FindTimer(ChurnDetection.InactivityTimer)!.Value.Due);
        Assert.Equal(new ChurnState(Ev.T0, 1, "u1@example.com"), _harness["u1"].State);
    }

    [Fact]
    public void OnTimer_WhenSevenDaysPassWithoutSignIn_SendsOneEmailAndRetires()
    {
        _harness.Apply(EventTypes.UserSignin, "u1", Ev.T0, """{"email":"u1@example.com"}""");

        _harness.AdvanceTo(Ev.T0.AddDays(7));
        _harness.AdvanceTo(Ev.T0.AddDays(30));
        var later = _harness.Apply(EventTypes.UserSignin, "u1", Ev.T0.AddDays(31));
        _harness.AdvanceTo(Ev.T0.AddDays(60));

        var email = Assert.Single(_harness.Effects);
        Assert.Equal(("email", "u1@example.com", Ev.T0.AddDays(7)), (email.Channel, email.Target, email.CreatedAt));
        using var payload = JsonDocument.Parse(email.Payload);
        Assert.Equal("re-engagement", payload.RootElement.GetProperty("template").GetString());
        Assert.Equal(7, payload.RootElement.GetProperty("daysInactive").GetInt32());
        Assert.Equal(WorkerStatus.Retired, _harness["u1"].Status);
        Assert.Equal(ApplyOutcome.Retired, later);
    }

    [Fact]
    public void OnTimer_WhenOneTickBeforeSevenDays_HasNotFired()
    {
        _harness.Apply(EventTypes.UserSignin, "u1", Ev.T0);

        var fired = _harness.AdvanceTo(Ev.T0.AddDays(7).AddTicks(-1));

        Assert.Equal(0, fired);
        Assert.Empty(_harness.Effects);
    }

    [Fact]
    public void Handle_WhenUserSignsInAgainWithinSevenDays_SendsNoEmailUntilSevenDaysAfterTheLastSignIn()
    {
        _harness.Apply(EventTypes.UserSignin, "u1", Ev.T0);
        _harness.Apply(EventTypes.UserSignin, "u1", Ev.T0.AddDays(6));

        _harness.AdvanceTo(Ev.T0.AddDays(12));
        var beforeExpiry = _harness.Effects.Count;
        _harness.AdvanceTo(Ev.T0.AddDays(13));

        Assert.Equal(0, beforeExpiry);
        Assert.Equal(Ev.T0.AddDays(13), Assert.Single(_harness.Effects).CreatedAt);
        Assert.Equal(2, _harness.Workers["u1"].EventsApplied);
    }

    [Fact]
    public void OnTimer_WhenUserGaveNoEmail_AddressesTheUserKey()
    {
        _harness.Apply(EventTypes.UserSignin, "u9", Ev.T0);

        _harness.AdvanceTo(Ev.T0.AddDays(8));

        Assert.Equal("u9", Assert.Single(_harness.Effects).Target);
    }
}
