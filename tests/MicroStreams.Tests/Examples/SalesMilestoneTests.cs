using System.Text.Json;
using MicroStreams.Examples;
using MicroStreams.Examples.Milestones;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Examples;

public sealed class SalesMilestoneTests
{
    private readonly WorkerHarness _harness = new(new SalesMilestone());

    [Fact]
    public void Handle_WhenUserWasNeverCreated_IgnoresSalesAndSendsNothing()
    {
        var outcomes = new[]
        {
            _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0, """{"price":500}"""),
            _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(1), """{"price":500}"""),
        };

        Assert.All(outcomes, o => Assert.Equal(ApplyOutcome.NotActivated, o));
        Assert.Empty(_harness.Workers);
        Assert.Empty(_harness.Effects);
    }

    [Fact]
    public void Handle_WhenTotalReachesOneHundredDollars_SendsOneAchievementEmailAndRetires()
    {
        _harness.Apply(EventTypes.UserCreated, "u1", Ev.T0, """{"email":"u1@example.com"}""");
        _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(1), """{"price":60}""");
        var beforeThreshold = _harness.Effects.Count;

        _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(2), """{"price":40}""");
        var after = _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(3), """{"price":70}""");

        Assert.Equal(0, beforeThreshold);
        var email = Assert.Single(_harness.Effects);
        Assert.Equal(("email", "u1@example.com"), (email.Channel, email.Target));
        using var payload = JsonDocument.Parse(email.Payload);
        Assert.Equal("achievement", payload.RootElement.GetProperty("template").GetString());
        Assert.Equal(100m, payload.RootElement.GetProperty("total").GetDecimal());
        Assert.Equal(2, payload.RootElement.GetProperty("sales").GetInt32());
        Assert.Equal(WorkerStatus.Retired, _harness["u1"].Status);
        Assert.Equal(ApplyOutcome.Retired, after);
    }

    [Fact]
    public void Handle_WhenTotalStaysBelowOneHundredDollars_SendsNothing()
    {
        _harness.Apply(EventTypes.UserCreated, "u1", Ev.T0);
        _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(1), """{"price":99.99}""");

        Assert.Empty(_harness.Effects);
        Assert.Equal(new SalesState(99.99m, 1, null, Ev.T0.AddHours(1)), _harness["u1"].State);
    }

    [Fact]
    public void Handle_WhenPriceIsNegative_ThrowsSoTheKeyIsQuarantined()
    {
        _harness.Apply(EventTypes.UserCreated, "u1", Ev.T0);

        var outcome = _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(1), """{"price":-5}""");

        Assert.Equal(ApplyOutcome.Failed, outcome);
        Assert.Equal(WorkerStatus.Quarantined, _harness["u1"].Status);
        Assert.Contains("negative price", _harness["u1"].QuarantineReason, StringComparison.Ordinal);
        Assert.Equal(new SalesState(0m, 0, null), _harness["u1"].State);
    }
}
