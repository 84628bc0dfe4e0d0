using System.Text.Json;
using MicroStreams.DeadLetters;
using MicroStreams.Examples;
using MicroStreams.Examples.Milestones;
using MicroStreams.Testing;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Examples;

public sealed class SalesMilestoneTests
{
    private readonly ProcessorTestDriver _driver = new(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0 });

    [Fact]
    public void Handle_WhenUserWasNeverCreated_IgnoresSalesAndSendsNothing()
    {
        var outcomes = new[]
        {
            _driver.Send(EventTypes.SaleComplete, "u1", """{"price":500}"""),
            _driver.SendAt(Ev.T0.AddHours(1), EventTypes.SaleComplete, "u1", """{"price":500}"""),
        };

        Assert.All(outcomes, o => Assert.Equal(ApplyOutcome.NotActivated, o.Outcome));
        Assert.Empty(_driver.Workers);
        Assert.Empty(_driver.Effects);
    }

    [Fact]
    public void Handle_WhenTotalReachesOneHundredDollars_SendsOneAchievementEmailAndRetires()
    {
        _driver.Send(EventTypes.UserCreated, "u1", """{"email":"u1@example.com"}""");
        _driver.SendAt(Ev.T0.AddHours(1), EventTypes.SaleComplete, "u1", """{"price":60}""");
        var beforeThreshold = _driver.Effects.Count;

        _driver.SendAt(Ev.T0.AddHours(2), EventTypes.SaleComplete, "u1", """{"price":40}""");
        var after = _driver.SendAt(Ev.T0.AddHours(3), EventTypes.SaleComplete, "u1", """{"price":70}""");

        Assert.Equal(0, beforeThreshold);
        var email = Assert.Single(_driver.Effects);
        Assert.Equal(("email", "u1@example.com"), (email.Channel, email.Target));
        using var payload = JsonDocument.Parse(email.Payload);
        Assert.Equal("achievement", payload.RootElement.GetProperty("template").GetString());
        Assert.Equal(100m, payload.RootElement.GetProperty("total").GetDecimal());
        Assert.Equal(2, payload.RootElement.GetProperty("sales").GetInt32());
        Assert.Equal(WorkerStatus.Retired, _driver.Worker("u1").Status);
        Assert.Equal(ApplyOutcome.Retired, after.Outcome);
    }

    [Fact]
    public void Handle_WhenTotalStaysBelowOneHundredDollars_SendsNothing()
    {
        _driver.Send(EventTypes.UserCreated, "u1");
        _driver.SendAt(Ev.T0.AddHours(1), EventTypes.SaleComplete, "u1", """{"price":99.99}""");

        Assert.Empty(_driver.Effects);
        Assert.Equal(new SalesState(99.99m, 1, null, Ev.T0.AddHours(1)), _driver.State<SalesState>("u1"));
    }

    [Fact]
    public void Handle_WhenPriceIsNegative_ThrowsSoTheKeyIsQuarantined()
    {
        _driver.Send(EventTypes.UserCreated, "u1");

        var sent = _driver.SendAt(Ev.T0.AddHours(1), EventTypes.SaleComplete, "u1", """{"price":-5}""");

        Assert.Equal(ApplyOutcome.Failed, sent.Outcome);
        Assert.Equal(WorkerStatus.Quarantined, _driver.Worker("u1").Status);
        Assert.Contains("negative price", _driver.Worker("u1").QuarantineReason, StringComparison.Ordinal);
        Assert.Equal(new SalesState(0m, 0, null), _driver.State<SalesState>("u1"));
        var letter = Assert.Single(_driver.DeadLetters);
        Assert.Equal((DeadLetterKind.HandlerFailed, sent.Position), (letter.Kind, letter.Position));
        Assert.Contains("negative price", letter.Reason, StringComparison.Ordinal);
    }
}
