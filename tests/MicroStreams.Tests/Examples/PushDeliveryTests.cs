using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Examples;
using MicroStreams.Examples.Push;
using MicroStreams.Routing;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Examples;

public sealed class PushDeliveryTests
{
    private static readonly Destination Analytics = new("analytics", "https://analytics.example/in", [EventTypes.PageView])
    {
        MaxBatchSize = 3,
        FlushInterval = TimeSpan.FromSeconds(10),
        MaxAge = TimeSpan.FromHours(1),
    };

    private static readonly Destination Crm = new("crm", "https://crm.example/in", [EventTypes.PageView, EventTypes.SaleComplete])
    {
        MaxBatchSize = 100,
        FlushInterval = TimeSpan.FromSeconds(30),
    };

    private static readonly StaticTenantDirectory Tenants = new(new Dictionary<string, IReadOnlyList<Destination>>
    {
        ["acme"] = [Analytics, Crm],
        ["globex"] = [Crm],
    });

    private readonly WorkerHarness _harness = new(new PushDelivery(Tenants), partition: 4);

    private static int EventCount(Effect effect)
    {
        using var payload = JsonDocument.Parse(effect.Payload);
        return payload.RootElement.GetProperty("events").GetArrayLength();
    }

    [Fact]
    public void Spec_WhenTenantsForwardEventTypes_SubscribesToExactlyThose()
    {
        var spec = new PushDelivery(Tenants).Spec;

        Assert.Equal([EventTypes.PageView, EventTypes.SaleComplete], spec.Subscribes);
    }

    [Fact]
    public void Handle_WhenBatchReachesMaxSize_FlushesThatDestinationAtOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            _harness.Apply(EventTypes.PageView, $"u{i}", Ev.T0.AddSeconds(i), """{"tenant":"acme"}""");
        }

        var flushed = Assert.Single(_harness.Effects);
        Assert.Equal(("webhook", Analytics.Url, TimeSpan.FromHours(1)), (flushed.Channel, flushed.Target, flushed.MaxAge));
        Assert.Equal(3, EventCount(flushed));
        var state = (PushState)_harness["acme#4"].State!;
        Assert.False(state.Pending.ContainsKey("analytics"));
        Assert.Equal(3, state.Pending["crm"].Count);
    }

    [Fact]
    public void OnTimer_WhenFlushIntervalPasses_FlushesEveryPendingDestination()
    {
        _harness.Apply(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""");

        var early = _harness.AdvanceTo(Ev.T0.AddSeconds(9));
        _harness.AdvanceTo(Ev.T0.AddSeconds(10));

        Assert.Equal(0, early);
        Assert.Equal([Analytics.Url, Crm.Url], _harness.Effects.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.All(_harness.Effects, e => Assert.Equal(1, EventCount(e)));
        Assert.Empty(((PushState)_harness["acme#4"].State!).Pending);
    }

    [Fact]
    public void Handle_WhenEventTypeIsNotForwardedByADestination_LeavesThatDestinationOut()
    {
        _harness.Apply(EventTypes.SaleComplete, "u1", Ev.T0, """{"tenant":"acme","price":3}""");

        _harness.AdvanceTo(Ev.T0.AddMinutes(5));

        Assert.Equal(Crm.Url, Assert.Single(_harness.Effects).Target);
    }

    [Fact]
    public void Handle_WhenTenantsDiffer_KeepsTheirQueuesApart()
    {
        _harness.Apply(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""");
        _harness.Apply(EventTypes.PageView, "u2", Ev.T0, """{"tenant":"globex"}""");

        _harness.AdvanceTo(Ev.T0.AddMinutes(5));

        Assert.Equal(["acme#4", "globex#4"], _harness.Workers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, _harness.Effects.Count);
        Assert.Single(_harness.Effects, e => e.Worker == new WorkerId(PushDelivery.Name, "globex#4"));
    }

    [Fact]
    public void Handle_WhenTenantHasNoDestinations_ForwardsNothing()
    {
        _harness.Apply(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"initech"}""");

        _harness.AdvanceTo(Ev.T0.AddMinutes(5));

        Assert.Empty(_harness.Effects);
        Assert.Equal(0, ((PushState)_harness["initech#4"].State!).Forwarded);
    }

    [Fact]
    public void KeyFor_WhenSameTenantIsInTwoPartitions_GivesTwoWorkers()
    {
        var push = new PushDelivery(Tenants);

        var keys = new[] { 0, 1 }.Select(p => Router.KeyFor(push, Ev.Make(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""", partition: p)));

        Assert.Equal(["acme#0", "acme#1"], keys);
    }
}
