using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Examples;

/// <summary>
/// Every data field an example reads, given the wrong type (or missing where the spec needs it): the handler refuses the
/// event, so the worker is quarantined with a reason naming the field and the value's type (the host dead-letters the
/// event with that reason), instead of reading a default.
/// </summary>
public sealed class ExampleFieldTypeTests
{
    private static readonly StaticTenantDirectory Tenants = new(new Dictionary<string, IReadOnlyList<Destination>>
    {
        ["acme"] = [new Destination("crm", "https://crm.example/in", [EventTypes.PageView])],
    });

    private static void AssertRefused(WorkerHarness harness, ApplyOutcome outcome, string key, string reason)
    {
        Assert.Equal(ApplyOutcome.Failed, outcome);
        Assert.Equal(WorkerStatus.Quarantined, harness[key].Status);
        Assert.Contains(reason, harness[key].QuarantineReason, StringComparison.Ordinal);
        Assert.Empty(harness.Effects);
    }

    [Theory]
    [InlineData("""{"price":"abc"}""", "price: expected a number, got string \"abc\"")]
    [InlineData("""{"price":"12.5"}""", "price: expected a number, got string \"12.5\"")]
    [InlineData("""{"price":null}""", "price: expected a number, got null")]
    [InlineData("""{"amount":12.5}""", "price: expected a number, but the data has no 'price'")]
    [InlineData("""{"price":-5}""", "price: expected a number of 0 or more, got a negative price (-5)")]
    public void SalesMilestone_WhenPriceIsNotANonNegativeNumber_RefusesTheSale(string data, string reason)
    {
        var harness = new WorkerHarness(new SalesMilestone());
        harness.Apply(EventTypes.UserCreated, "u1", Ev.T0);
        harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddMinutes(1), """{"price":90}""");

        var outcome = harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddMinutes(2), data);

        AssertRefused(harness, outcome, "u1", reason);
        Assert.Equal(90m, ((SalesState)harness["u1"].State!).Total);
    }

    [Fact]
    public void SalesMilestone_WhenUserCreatedEmailIsNotAString_RefusesTheActivation()
    {
        var harness = new WorkerHarness(new SalesMilestone());

        var outcome = harness.Apply(EventTypes.UserCreated, "u1", Ev.T0, """{"email":{"address":"u1@example.com"}}""");

        AssertRefused(harness, outcome, "u1", "email: expected a string, got an object");
    }

    [Fact]
    public void SalesMilestone_WhenUserCreatedHasNoEmail_StartsWithoutOne()
    {
        var harness = new WorkerHarness(new SalesMilestone());

        var outcome = harness.Apply(EventTypes.UserCreated, "u1", Ev.T0, """{"email":null}""");

        Assert.Equal(ApplyOutcome.Applied, outcome);
        Assert.Null(((SalesState)harness["u1"].State!).Email);
    }

    [Theory]
    [InlineData("""{"email":42}""", "email: expected a string, got number 42")]
    [InlineData("""{"email":true}""", "email: expected a string, got boolean true")]
    public void Churn_WhenEmailIsNotAString_RefusesTheSignIn(string data, string reason)
    {
        var harness = new WorkerHarness(new ChurnDetection());
        harness.Apply(EventTypes.UserSignin, "u1", Ev.T0, """{"email":"u1@example.com"}""");

        var outcome = harness.Apply(EventTypes.UserSignin, "u1", Ev.T0.AddDays(1), data);

        AssertRefused(harness, outcome, "u1", reason);
        Assert.Equal(new ChurnState(Ev.T0, 1, "u1@example.com"), harness["u1"].State);
    }

    [Theory]
    [InlineData("""{"tenant":42}""", "tenant: expected a string, got number 42")]
    [InlineData("""{"tenant":["acme"]}""", "tenant: expected a string, got an array")]
    public void Push_WhenTenantIsNotAString_RefusesTheEventOnAKeyNoTenantHas(string data, string reason)
    {
        var harness = new WorkerHarness(new PushDelivery(Tenants), partition: 3);

        var outcome = harness.Apply(EventTypes.PageView, "u1", Ev.T0, data);

        AssertRefused(harness, outcome, $"{PushDelivery.BadTenantKey}#3", reason);
    }

    [Fact]
    public void Push_WhenEventHasNoTenant_IsNotTenantTraffic()
    {
        var harness = new WorkerHarness(new PushDelivery(Tenants), partition: 3);

        Assert.Throws<InvalidOperationException>(() => harness.Apply(EventTypes.PageView, "u1", Ev.T0, """{"tenant":null}"""));
        Assert.Empty(harness.Workers);
    }
}
