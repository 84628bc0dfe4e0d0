using FsCheck;
using FsCheck.Fluent;
using MicroStreams.Events;
using MicroStreams.Examples;
using MicroStreams.Examples.Churn;
using MicroStreams.Examples.Milestones;
using MicroStreams.Examples.Push;
using MicroStreams.Processors;
using MicroStreams.Routing;
using MicroStreams.Tests.TestSupport;
using MicroStreams.Workers;

namespace MicroStreams.Tests.Routing;

public sealed class RouterTests
{
    private static readonly StaticTenantDirectory Tenants = new(new Dictionary<string, IReadOnlyList<Destination>>
    {
        ["acme"] = [new Destination("crm", "https://crm.example/hook", [EventTypes.PageView, EventTypes.SaleComplete])],
    });

    private static Router Examples() => new(ExampleProcessors.All(Tenants));

    [Fact]
    public void SubscribersOf_WhenSeveralProcessorsSubscribe_ReturnsEachOfThem()
    {
        var router = Examples();

        var names = router.SubscribersOf(EventTypes.SaleComplete).ToArray().Select(p => p.Spec.Name);

        Assert.Equal([SalesMilestone.Name, PushDelivery.Name], names);
        Assert.Equal([ChurnDetection.Name], router.SubscribersOf(EventTypes.UserSignin).ToArray().Select(p => p.Spec.Name));
        Assert.Empty(router.SubscribersOf("nobody_listens").ToArray());
    }

    [Fact]
    public void Constructor_WhenTwoProcessorsShareAName_Throws()
    {
        var act = () => new Router([new ProbeProcessor("same"), new ProbeProcessor("same")]);

        var error = Assert.Throws<ArgumentException>(act);
        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_WhenNameIsKnown_ReturnsTheProcessor()
    {
        var router = Examples();

        Assert.IsType<ChurnDetection>(router.Find(ChurnDetection.Name));
        Assert.Null(router.Find("missing"));
    }

    [Fact]
    public void KeyFor_WhenProcessorHasNoKeyBy_UsesTheRoutingKey()
    {
        var plain = Ev.Make("probe", "u1", Ev.T0);
        var overridden = Ev.Make("probe", "u1", Ev.T0, partitionKey: "pk");

        Assert.Equal("u1", Router.KeyFor(new ProbeProcessor(), plain));
        Assert.Equal("pk", Router.KeyFor(new ProbeProcessor(), overridden));
        Assert.Equal("pk", CopiedKey(new ProbeProcessor(), overridden));
    }

    [Fact]
    public void KeyFor_WhenProcessorHasKeyBy_ScopesTheKeyToThePartition()
    {
        var push = new PushDelivery(Tenants);
        var withTenant = Ev.Make(EventTypes.PageView, "u1", Ev.T0, """{"tenant":"acme"}""", partition: 5);
        var withoutTenant = Ev.Make(EventTypes.PageView, "u1", Ev.T0, """{"page":"/"}""", partition: 5);

        Assert.Equal("acme#5", Router.KeyFor(push, withTenant));
        Assert.Null(Router.KeyFor(push, withoutTenant));
        Assert.Null(CopiedKey(push, withTenant));
    }

    /// <summary>The key <see cref="Router.TryCopyKey"/> copies, or null when it gives none (the key needs a string).</summary>
    private static string? CopiedKey(IProcessor processor, StreamEvent @event)
    {
        Span<char> key = stackalloc char[64];
        return Router.TryCopyKey(processor, @event, key, out var written) ? key[..written].ToString() : null;
    }

    [Fact]
    public void Plan_WhenEventReachesNoWorker_LeavesItOut()
    {
        var router = Examples();
        var events = new[]
        {
            Ev.Make(EventTypes.PageView, "u1", Ev.T0, """{"page":"/"}""", 1),
            Ev.Make("unknown", "u1", Ev.T0, null, 2),
        };

        var plan = router.Plan(events);

        Assert.Empty(plan.Workers);
    }

    [Fact]
    public void Plan_ForAnyBatch_KeepsLogOrderWithinEachWorker()
    {
        var router = Examples();
        var types = Gen.Elements(EventTypes.UserCreated, EventTypes.UserSignin, EventTypes.SaleComplete, EventTypes.PageView);
        var users = Gen.Elements("u1", "u2", "u3");
        var batch = Gen.Zip(types, users).ListOf().Select(list => list.Select((x, i) =>
            Ev.Make(x.Item1, x.Item2, Ev.T0.AddMinutes(i), """{"tenant":"acme","price":1}""", i + 1)).ToArray());

        var property = Prop.ForAll(batch.ToArbitrary(), events =>
        {
            var plan = router.Plan(events);

            foreach (var worker in plan.Workers)
            {
                var expected = events.Where(e => router.SubscribersOf(e.Type).ToArray().Any(p => p.Spec.Name == worker.Processor && Router.KeyFor(p, e) == worker.Key));
                Assert.Equal(expected.Select(e => e.Position), plan.EventsFor(worker).Select(e => e.Position));
            }

            var routed = events.Sum(e => router.SubscribersOf(e.Type).ToArray().Count(p => Router.KeyFor(p, e) is not null));
            Assert.Equal(routed, plan.Workers.Sum(w => plan.EventsFor(w).Count));
        });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Plan_WhenWorkersAppearInterleaved_ListsThemInFirstSeenOrder()
    {
        var router = new Router([new ProbeProcessor()]);
        var events = new[] { Ev.Make("probe", "b", Ev.T0, null, 1), Ev.Make("probe", "a", Ev.T0, null, 2), Ev.Make("probe", "b", Ev.T0, null, 3) };

        var plan = router.Plan(events);

        Assert.Equal([new WorkerId("probe", "b"), new WorkerId("probe", "a")], plan.Workers);
        Assert.Equal([1L, 3L], plan.EventsFor(new WorkerId("probe", "b")).Select(e => e.Position.Sequence));
    }
}
