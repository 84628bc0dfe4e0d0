using System.Text.Json;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Testing;
using MicroStreams.Tests.TestSupport;

namespace MicroStreams.Tests.Examples;

/// <summary>The read models the example processors publish: last sign-in per user, sales totals per user, delivery status per tenant and destination.</summary>
public sealed class ExampleProjectionTests
{
    private static readonly Destination Hooks = new("hooks", "https://hooks.example/in", [EventTypes.PageView]) { MaxBatchSize = 2 };
    private static readonly Destination Crm = new("crm", "https://crm.example/in", [EventTypes.PageView]) { MaxBatchSize = 100 };

    private static readonly StaticTenantDirectory Tenants = new(new Dictionary<string, IReadOnlyList<Destination>>
    {
        ["acme"] = [Hooks, Crm],
    });

    private static JsonElement Row(ProcessorTestDriver driver, string projection, string key) =>
        JsonDocument.Parse(driver.Rows[(projection, key)]).RootElement;

    [Fact]
    public void Specs_DeclareTheProjectionsTheyPublish()
    {
        Assert.Equal([ChurnDetection.LastSignInProjection], new ChurnDetection().Spec.Projections);
        Assert.Equal([SalesMilestone.SalesTotalsProjection], new SalesMilestone().Spec.Projections);
        Assert.Equal([PushDelivery.DeliveryStatusProjection], new PushDelivery(Tenants).Spec.Projections);
    }

    [Fact]
    public void Churn_WhenUserSignsInTwice_PublishesTheLastSignInAndCountForThatUser()
    {
        var driver = new ProcessorTestDriver(new ChurnDetection(), new ProcessorTestOptions { Start = Ev.T0 });

        driver.SendAt(Ev.T0, EventTypes.UserSignin, "u1");
        driver.SendAt(Ev.T0.AddDays(2), EventTypes.UserSignin, "u1");
        driver.SendAt(Ev.T0.AddDays(3), EventTypes.UserSignin, "u2");

        var row = Row(driver, "last_signin", "u1");
        Assert.Equal("u1", row.GetProperty("user").GetString());
        Assert.Equal(Ev.T0.AddDays(2), row.GetProperty("lastSignIn").GetDateTimeOffset());
        Assert.Equal(2, row.GetProperty("signIns").GetInt32());
        Assert.Equal([("last_signin", "u1"), ("last_signin", "u2")], driver.Rows.Keys.Order());
    }

    [Fact]
    public void Milestone_WhenSalesComplete_PublishesTheRunningTotalAndWhetherTheMilestoneIsReached()
    {
        var driver = new ProcessorTestDriver(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0 });
        driver.SendAt(Ev.T0, EventTypes.UserCreated, "u1");

        driver.SendAt(Ev.T0.AddHours(1), EventTypes.SaleComplete, "u1", """{"price":40}""");
        var below = Row(driver, "sales_totals", "u1").Clone();
        driver.SendAt(Ev.T0.AddHours(2), EventTypes.SaleComplete, "u1", """{"price":60.5}""");

        Assert.Equal((40m, 1, false), (below.GetProperty("total").GetDecimal(), below.GetProperty("sales").GetInt32(), below.GetProperty("milestoneReached").GetBoolean()));
        var reached = Row(driver, "sales_totals", "u1");
        Assert.Equal((100.5m, 2, true), (reached.GetProperty("total").GetDecimal(), reached.GetProperty("sales").GetInt32(), reached.GetProperty("milestoneReached").GetBoolean()));
        Assert.Equal(Ev.T0.AddHours(2), reached.GetProperty("lastSaleAt").GetDateTimeOffset());
    }

    [Fact]
    public void Milestone_WhenUserIsOnlyCreated_PublishesNoRow()
    {
        var driver = new ProcessorTestDriver(new SalesMilestone(), new ProcessorTestOptions { Start = Ev.T0 });

        driver.SendAt(Ev.T0, EventTypes.UserCreated, "u1");

        Assert.Empty(driver.Rows);
    }

    [Fact]
    public void Push_WhenEventsAreForwarded_PublishesForwardedBatchedAndPendingPerTenantDestinationAndPartition()
    {
        // Eight partitions, and the tenant's events share one by their partitionkey, as a producer would send them.
        var driver = new ProcessorTestDriver(new PushDelivery(Tenants), new ProcessorTestOptions { Start = Ev.T0, Partitions = 8 });
        var partition = driver.PartitionOf("acme");

        driver.SendAt(Ev.T0, EventTypes.PageView, "u1", """{"tenant":"acme"}""", partitionKey: "acme");
        driver.SendAt(Ev.T0.AddSeconds(1), EventTypes.PageView, "u2", """{"tenant":"acme"}""", partitionKey: "acme");
        driver.SendAt(Ev.T0.AddSeconds(2), EventTypes.PageView, "u3", """{"tenant":"acme"}""", partitionKey: "acme");

        Assert.NotEqual(0, partition);
        var hooks = Row(driver, "delivery_status", $"acme#hooks#{partition}");
        Assert.Equal(("acme", "hooks", partition), (hooks.GetProperty("tenant").GetString(), hooks.GetProperty("destination").GetString(), hooks.GetProperty("partition").GetInt32()));
        Assert.Equal((3L, 1L, 1), (hooks.GetProperty("forwarded").GetInt64(), hooks.GetProperty("batches").GetInt64(), hooks.GetProperty("pending").GetInt32()));
        var crm = Row(driver, "delivery_status", $"acme#crm#{partition}");
        Assert.Equal((3L, 0L, 3), (crm.GetProperty("forwarded").GetInt64(), crm.GetProperty("batches").GetInt64(), crm.GetProperty("pending").GetInt32()));
    }

    [Fact]
    public void Push_WhenTheFlushTimerFires_PublishesTheFlushedBatchWithNothingPending()
    {
        var driver = new ProcessorTestDriver(new PushDelivery(Tenants), new ProcessorTestOptions { Start = Ev.T0 });
        driver.SendAt(Ev.T0, EventTypes.PageView, "u1", """{"tenant":"acme"}""");

        driver.AdvanceTo(Ev.T0.AddMinutes(1));

        var crm = Row(driver, "delivery_status", "acme#crm#0");
        Assert.Equal((1L, 1L, 0), (crm.GetProperty("forwarded").GetInt64(), crm.GetProperty("batches").GetInt64(), crm.GetProperty("pending").GetInt32()));
        Assert.Equal(Ev.T0.AddSeconds(10), crm.GetProperty("updatedAt").GetDateTimeOffset());
    }
}
