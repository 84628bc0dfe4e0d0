using MicroStreams.DeadLetters;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Testing;
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

    private static void AssertRefused(ProcessorTestDriver driver, SendResult sent, string key, string reason)
    {
        Assert.Equal(ApplyOutcome.Failed, sent.Outcome);
        Assert.Equal(WorkerStatus.Quarantined, driver.Worker(key).Status);
        Assert.Contains(reason, driver.Worker(key).QuarantineReason, StringComparison.Ordinal);
        Assert.Empty(driver.Effects);
        var letter = Assert.Single(driver.DeadLetters);
        Assert.Equal((DeadLetterKind.HandlerFailed, sent.Position), (letter.Kind, letter.Position));
        Assert.Contains(reason, letter.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"price":"abc"}""", "price: expected a number, got string \"abc\"")]
    [InlineData("""{"price":"12.5"}""", "price: expected a number, got string \"12.5\"")]
    [InlineData("""{"price":null}""", "price: expected a number, got null")]
    [InlineData("""{"amount":12.5}""", "price: expected a number, but the data has no 'price'")]
    [InlineData("""{"price":-5}""", "price: expected a number of 0 or more, got a negative price (-5)")]
    public void SalesMilestone_WhenPriceIsNotANonNegativeNumber_RefusesTheSale(string data, string reason)
    {
        var driver = new ProcessorTestDriver(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0 });
        driver.SendAt(Ev.T0, EventTypes.UserCreated, "u1");
        driver.SendAt(Ev.T0.AddMinutes(1), EventTypes.SaleComplete, "u1", """{"price":90}""");

        var sent = driver.SendAt(Ev.T0.AddMinutes(2), EventTypes.SaleComplete, "u1", data);

        AssertRefused(driver, sent, "u1", reason);
        Assert.Equal(90m, driver.State<SalesState>("u1").Total);
    }

    [Fact]
    public void SalesMilestone_WhenUserCreatedEmailIsNotAString_RefusesTheActivation()
    {
        var driver = new ProcessorTestDriver(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0 });

        var sent = driver.SendAt(Ev.T0, EventTypes.UserCreated, "u1", """{"email":{"address":"u1@example.com"}}""");

        AssertRefused(driver, sent, "u1", "email: expected a string, got an object");
    }

    [Fact]
    public void SalesMilestone_WhenUserCreatedHasNoEmail_StartsWithoutOne()
    {
        var driver = new ProcessorTestDriver(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0 });

        var sent = driver.SendAt(Ev.T0, EventTypes.UserCreated, "u1", """{"email":null}""");

        Assert.Equal(ApplyOutcome.Applied, sent.Outcome);
        Assert.Null(driver.State<SalesState>("u1").Email);
    }

    [Theory]
    [InlineData("""{"email":42}""", "email: expected a string, got number 42")]
    [InlineData("""{"email":true}""", "email: expected a string, got boolean true")]
    public void Churn_WhenEmailIsNotAString_RefusesTheSignIn(string data, string reason)
    {
        var driver = new ProcessorTestDriver(new ChurnDetection(), new ProcessorTestOptions { Start = Ev.T0 });
        driver.SendAt(Ev.T0, EventTypes.UserSignin, "u1", """{"email":"u1@example.com"}""");

        var sent = driver.SendAt(Ev.T0.AddDays(1), EventTypes.UserSignin, "u1", data);

        AssertRefused(driver, sent, "u1", reason);
        Assert.Equal(new ChurnState(Ev.T0, 1, "u1@example.com"), driver.State<ChurnState>("u1"));
    }

    [Theory]
    [InlineData("""{"tenant":42}""", "tenant: expected a string, got number 42")]
    [InlineData("""{"tenant":["acme"]}""", "tenant: expected a string, got an array")]
    public void Push_WhenTenantIsNotAString_RefusesTheEventOnAKeyNoTenantHas(string data, string reason)
    {
        var driver = new ProcessorTestDriver(new PushDelivery(Tenants), new ProcessorTestOptions { Start = Ev.T0 });

        var sent = driver.SendAt(Ev.T0, EventTypes.PageView, "u1", data);

        AssertRefused(driver, sent, $"{PushDelivery.BadTenantKey}#0", reason);
    }

    [Fact]
    public void Push_WhenEventHasNoTenant_IsNotTenantTraffic()
    {
        var driver = new ProcessorTestDriver(new PushDelivery(Tenants), new ProcessorTestOptions { Start = Ev.T0 });

        var sent = driver.Send(EventTypes.PageView, "u1", """{"tenant":null}""");

        Assert.Empty(sent.Outcomes);
        Assert.Empty(driver.Workers);
        Assert.Empty(driver.DeadLetters);
    }
}
