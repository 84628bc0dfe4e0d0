using System.Text.Json;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
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

    private static JsonElement Row(WorkerHarness harness, string projection, string key) =>
        JsonDocument.Parse(harness.Projections[(projection, key)]).RootElement;

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
        var harness = new WorkerHarness(new ChurnDetection());

        harness.Apply(EventTypes.UserSignin, "u1", Ev.T0);
        harness.Apply(EventTypes.UserSignin, "u1", Ev.T0.AddDays(2));
        harness.Apply(EventTypes.UserSignin, "u2", Ev.T0.AddDays(3));

        var row = Row(harness, "last_signin", "u1");
        Assert.Equal("u1", row.GetProperty("user").GetString());
        Assert.Equal(Ev.T0.AddDays(2), row.GetProperty("lastSignIn").GetDateTimeOffset());
        Assert.Equal(2, row.GetProperty("signIns").GetInt32());
        Assert.Equal([("last_signin", "u1"), ("last_signin", "u2")], harness.Projections.Keys.Order());
    }

    [Fact]
    public void Milestone_WhenSalesComplete_PublishesTheRunningTotalAndWhetherTheMilestoneIsReached()
    {
        var harness = new WorkerHarness(new SalesMilestone());
        harness.Apply(EventTypes.UserCreated, "u1", Ev.T0);

        harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(1), """{"price":40}""");
        var below = Row(harness, "sales_totals", "u1").Clone();
        harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0.AddHours(2), """{"price":60.5}""");

        Assert.Equal((40m, 1, false), (below.GetProperty("total").GetDecimal(), below.GetProperty("sales").GetInt32(), below.GetProperty("milestoneReached").GetBoolean()));
        var reached = Row(harness, "sales_totals", "u1");
        Assert.Equal((100.5m, 2, true), (reached.GetProperty("total").GetDecimal(), reached.GetProperty("sales").GetInt32(), reached.GetProperty("milestoneReached").GetBoolean()));
        Assert.Equal(Ev.T0.AddHours(2), reached.GetProperty("lastSaleAt").GetDateTimeOffset());
    }

    [Fact]
    public void Milestone_WhenUserIsOnlyCreated_PublishesNoRow()
    {
        var harness = new WorkerHarness(new SalesMilestone());

        harness.Apply(EventTypes.UserCreated, "u1", Ev.T0);

        Assert.Empty(harness.Projections);
    }

    [Fact]
    public void Push_WhenEventsAreForwarded_PublishesForwardedBatchedAndPendingPerTenantDestinationAndPartition()
    {
        var harness = new WorkerHarness(new PushDelivery(Tenants), partition: 3);

        harness.Apply(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""");
        harness.Apply(EventTypes.PageView, "u2", Ev.T0.AddSeconds(1), """{"tenant":"acme"}""");
        harness.Apply(EventTypes.PageView, "u3", Ev.T0.AddSeconds(2), """{"tenant":"acme"}""");

        var hooks = Row(harness, "delivery_status", "acme#hooks#3");
        Assert.Equal(("acme", "hooks", 3), (hooks.GetProperty("tenant").GetString(), hooks.GetProperty("destination").GetString(), hooks.GetProperty("partition").GetInt32()));
        Assert.Equal((3L, 1L, 1), (hooks.GetProperty("forwarded").GetInt64(), hooks.GetProperty("batches").GetInt64(), hooks.GetProperty("pending").GetInt32()));
        var crm = Row(harness, "delivery_status", "acme#crm#3");
        Assert.Equal((3L, 0L, 3), (crm.GetProperty("forwarded").GetInt64(), crm.GetProperty("batches").GetInt64(), crm.GetProperty("pending").GetInt32()));
    }

    [Fact]
    public void Push_WhenTheFlushTimerFires_PublishesTheFlushedBatchWithNothingPending()
    {
        var harness = new WorkerHarness(new PushDelivery(Tenants), partition: 3);
        harness.Apply(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""");

        harness.AdvanceTo(Ev.T0.AddMinutes(1));

        var crm = Row(harness, "delivery_status", "acme#crm#3");
        Assert.Equal((1L, 1L, 0), (crm.GetProperty("forwarded").GetInt64(), crm.GetProperty("batches").GetInt64(), crm.GetProperty("pending").GetInt32()));
        Assert.Equal(Ev.T0.AddSeconds(10), crm.GetProperty("updatedAt").GetDateTimeOffset());
    }
}
