using System.Text.Json;
using MicroStreams.Effects;
using MicroStreams.Examples;
using MicroStreams.Examples.Push;
using MicroStreams.Routing;
using MicroStreams.Testing;
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

    private readonly ProcessorTestDriver _driver = new(new PushDelivery(Tenants), new ProcessorTestOptions { Start = Ev.T0 });

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
            _driver.SendAt(Ev.T0.AddSeconds(i), EventTypes.PageView, $"u{i}", """{"tenant":"acme"}""");
        }

        var flushed = Assert.Single(_driver.Effects);
        Assert.Equal(("webhook", Analytics.Url, TimeSpan.FromHours(1)), (flushed.Channel, flushed.Target, flushed.MaxAge));
        Assert.Equal(3, EventCount(flushed));
        var state = _driver.State<PushState>("acme#0");
        Assert.False(state.Pending.ContainsKey("analytics"));
        Assert.Equal(3, state.Pending["crm"].Count);
    }

    [Fact]
    public void OnTimer_WhenFlushIntervalPasses_FlushesEveryPendingDestination()
    {
        _driver.SendAt(Ev.T0, EventTypes.PageView, "u1", """{"tenant":"acme"}""");

        var early = _driver.AdvanceTo(Ev.T0.AddSeconds(9));
        _driver.AdvanceTo(Ev.T0.AddSeconds(10));

        Assert.Equal(0, early);
        Assert.Equal([Analytics.Url, Crm.Url], _driver.Effects.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.All(_driver.Effects, e => Assert.Equal(1, EventCount(e)));
        Assert.Empty(_driver.State<PushState>("acme#0").Pending);
    }

    [Fact]
    public void Handle_WhenEventTypeIsNotForwardedByADestination_LeavesThatDestinationOut()
    {
        _driver.SendAt(Ev.T0, EventTypes.SaleComplete, "u1", """{"tenant":"acme","price":3}""");

        _driver.AdvanceTo(Ev.T0.AddMinutes(5));

        Assert.Equal(Crm.Url, Assert.Single(_driver.Effects).Target);
    }

    [Fact]
    public void Handle_WhenTenantsDiffer_KeepsTheirQueuesApart()
    {
        _driver.SendAt(Ev.T0, EventTypes.PageView, "u1", """{"tenant":"acme"}""");
        _driver.SendAt(Ev.T0, EventTypes.PageView, "u2", """{"tenant":"globex"}""");

        _driver.AdvanceTo(Ev.T0.AddMinutes(5));

        Assert.Equal(["acme#0", "globex#0"], _driver.Workers.Select(w => w.Id.Key));
        Assert.Equal(3, _driver.Effects.Count);
        Assert.Single(_driver.Effects, e => e.Worker == new WorkerId(PushDelivery.Name, "globex#0"));
    }

    [Fact]
    public void Handle_WhenTenantHasNoDestinations_ForwardsNothing()
    {
        _driver.SendAt(Ev.T0, EventTypes.PageView, "u1", """{"tenant":"initech"}""");

        _driver.AdvanceTo(Ev.T0.AddMinutes(5));

        Assert.Empty(_driver.Effects);
        Assert.Equal(0, _driver.State<PushState>("initech#0").Forwarded);
    }

    [Fact]
    public void KeyFor_WhenSameTenantIsInTwoPartitions_GivesTwoWorkers()
    {
        var push = new PushDelivery(Tenants);

        var keys = new[] { 0, 1 }.Select(p => Router.KeyFor(push, Ev.Make(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""", partition: p)));

        Assert.Equal(["acme#0", "acme#1"], keys);
    }
}
